package io.distlock.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.distlock.LockHandle;

/**
 * Counts the locks held now, per lock name, behind one {@value LockMeterNames#ACTIVE} gauge per
 * name. The counts are kept here, strongly referenced, because gauges only hold weak references.
 * <p>
 * A hold is identified by name, key and fencing token (a token is never issued twice for a key),
 * so a hold that ends twice, once lost and once closed, is subtracted once, a hold that began
 * before this listener was registered is never subtracted, and a hold that ended before its start
 * was heard of is not left counted.
 */
final class ActiveLockCounts {

    private final MeterRegistry registry;

    private final ConcurrentMap<String, AtomicInteger> countsByName = new ConcurrentHashMap<>();

    private final Set<HoldId> holds = ConcurrentHashMap.newKeySet();

    ActiveLockCounts(MeterRegistry registry) {
        this.registry = registry;
    }

    void started(LockHandle lock) {
        if (this.holds.add(HoldId.of(lock))) {
            countFor(lock.name()).incrementAndGet();
            if (!lock.isHeld()) {
                // Lost or released on another thread before this callback ran: its end was not counted.
                ended(lock);
            }
        }
    }

    void ended(LockHandle lock) {
        if (this.holds.remove(HoldId.of(lock))) {
            countFor(lock.name()).decrementAndGet();
        }
    }

    private AtomicInteger countFor(String name) {
        return this.countsByName.computeIfAbsent(name, this::registerGauge);
    }

    private AtomicInteger registerGauge(String name) {
        AtomicInteger count = new AtomicInteger();
        Gauge.builder(LockMeterNames.ACTIVE, count, AtomicInteger::get)
            .description("Distributed locks this process holds now")
            .tag(LockMeterNames.LOCK_TAG, name)
            .register(this.registry);
        return count;
    }

    private record HoldId(String name, String key, long fencingToken) {

        static HoldId of(LockHandle lock) {
            return new HoldId(lock.name(), lock.key(), lock.fencingToken());
        }
    }
}
