package io.distlock.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import io.distlock.LockHandle;
import io.distlock.LockListener;

/**
 * Records what a {@link io.distlock.LockTemplate} does as Micrometer meters: the
 * {@value LockMeterNames#ACQUIRE} and {@value LockMeterNames#HELD} timers, the
 * {@value LockMeterNames#ACTIVE} gauge and the {@value LockMeterNames#RENEWALS} counter, each
 * tagged with the lock's name (see {@link LockMeterNames}).
 * <p>
 * Timers publish no histogram unless the application asks for one, for example with
 * {@code management.metrics.distribution.percentiles-histogram.distributed.lock.acquire=true}.
 * One instance may listen to several templates.
 */
public class MicrometerLockListener implements LockListener {

    private final MeterProvider<Timer> acquireTimers;

    private final MeterProvider<Timer> heldTimers;

    private final MeterProvider<Counter> renewalCounters;

    private final ActiveLockCounts active;

    /**
     * Creates a listener that registers its meters, on first use, in {@code registry}.
     * @param registry where the meters go
     */
    public MicrometerLockListener(MeterRegistry registry) {
        this.acquireTimers = Timer.builder(LockMeterNames.ACQUIRE)
            .description("Time spent acquiring distributed locks")
            .withRegistry(registry);
        this.heldTimers = Timer.builder(LockMeterNames.HELD)
            .description("How long distributed locks were held")
            .withRegistry(registry);
        this.renewalCounters = Counter.builder(LockMeterNames.RENEWALS)
            .description("Lease renewals of distributed locks by the watchdog")
            .withRegistry(registry);
        this.active = new ActiveLockCounts(registry);
    }

    @Override
    public void acquired(LockHandle lock, Duration waited) {
        this.acquireTimers.withTags(LockMeterNames.LOCK_TAG, lock.name(), LockMeterNames.OUTCOME_TAG,
                LockMeterNames.ACQUIRED).record(waited);
        this.active.started(lock);
    }

    @Override
    public void acquireFailed(String name, String key, Duration waited, @Nullable Throwable error) {
        String outcome = (error != null) ? LockMeterNames.ERROR : LockMeterNames.TIMEOUT;
        this.acquireTimers.withTags(LockMeterNames.LOCK_TAG, name, LockMeterNames.OUTCOME_TAG, outcome).record(waited);
    }

    @Override
    public void released(LockHandle lock, Duration heldFor, boolean stillOwned) {
        String outcome = stillOwned ? LockMeterNames.RELEASED : LockMeterNames.EXPIRED;
        this.heldTimers.withTags(LockMeterNames.LOCK_TAG, lock.name(), LockMeterNames.OUTCOME_TAG, outcome)
            .record(heldFor);
        this.active.ended(lock);
    }

    @Override
    public void renewed(LockHandle lock) {
        countRenewal(lock, LockMeterNames.RENEWED);
    }

    @Override
    public void renewalFailed(LockHandle lock, Throwable error) {
        countRenewal(lock, LockMeterNames.ERROR);
    }

    @Override
    public void lost(LockHandle lock, LostReason reason) {
        countRenewal(lock, LockMeterNames.LOST);
        this.active.ended(lock);
    }

    private void countRenewal(LockHandle lock, String outcome) {
        this.renewalCounters.withTags(LockMeterNames.LOCK_TAG, lock.name(), LockMeterNames.OUTCOME_TAG, outcome)
            .increment();
    }
}
