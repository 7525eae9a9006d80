package io.distlock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records what a template reports, for assertions.
 */
public class RecordingListener implements LockListener {

    public final AtomicInteger acquired = new AtomicInteger();

    public final AtomicInteger timedOut = new AtomicInteger();

    public final AtomicInteger errors = new AtomicInteger();

    public final AtomicInteger released = new AtomicInteger();

    public final AtomicInteger expired = new AtomicInteger();

    public final AtomicInteger renewed = new AtomicInteger();

    public final List<LostReason> lost = new CopyOnWriteArrayList<>();

    @Override
    public void acquired(LockHandle lock, Duration waited) {
        this.acquired.incrementAndGet();
    }

    @Override
    public void acquireFailed(String name, String key, Duration waited, Throwable error) {
        (error == null ? this.timedOut : this.errors).incrementAndGet();
    }

    @Override
    public void released(LockHandle lock, Duration heldFor, boolean stillOwned) {
        (stillOwned ? this.released : this.expired).incrementAndGet();
    }

    @Override
    public void renewed(LockHandle lock) {
        this.renewed.incrementAndGet();
    }

    @Override
    public void lost(LockHandle lock, LostReason reason) {
        this.lost.add(reason);
    }
}
