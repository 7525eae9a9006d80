package io.distlock;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the mutual-exclusion tests run under a lock: it notices any overlap and bumps an
 * unsynchronised counter with a read, a yield and a write, so a broken lock loses updates.
 */
public final class CriticalSection {

    private final AtomicInteger inside = new AtomicInteger();

    private final AtomicInteger overlaps = new AtomicInteger();

    private int counter;

    /** Runs once inside the lock. */
    public void enter() {
        if (this.inside.incrementAndGet() != 1) {
            this.overlaps.incrementAndGet();
        }
        int read = this.counter;
        Thread.yield();
        this.counter = read + 1;
        this.inside.decrementAndGet();
    }

    /** Asserts that no two runs overlapped and that none of {@code runs} updates was lost. */
    public void assertExclusive(int runs) {
        assertThat(this.overlaps).as("overlapping critical sections").hasValue(0);
        assertThat(this.counter).as("updates of an unsynchronised counter").isEqualTo(runs);
    }
}
