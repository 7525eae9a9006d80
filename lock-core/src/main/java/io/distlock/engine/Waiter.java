package io.distlock.engine;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread waiting for one lock. A signal is a hint to try again, kept until taken, so a
 * release that comes between a failed attempt and the wait is not missed. Built on a
 * {@link Semaphore}, not a monitor, so waiting virtual threads are not pinned.
 */
final class Waiter {

    private final Semaphore permit = new Semaphore(0);

    private final AtomicBoolean signalled = new AtomicBoolean();

    /** Signals this waiter unless it already has a signal pending. */
    boolean signal() {
        if (this.signalled.compareAndSet(false, true)) {
            this.permit.release();
            return true;
        }
        return false;
    }

    boolean hasPendingSignal() {
        return this.signalled.get();
    }

    /**
     * Waits for a signal or for {@code nanos} to pass.
     * @return whether a signal was taken
     */
    boolean await(long nanos) throws InterruptedException {
        if (this.permit.tryAcquire(Math.max(0, nanos), TimeUnit.NANOSECONDS)) {
            this.signalled.set(false);
            return true;
        }
        return false;
    }
}
