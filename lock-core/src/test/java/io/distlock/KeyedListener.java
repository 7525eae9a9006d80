package io.distlock;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records renewals and losses per lock key, for tests that must tell which lock an outcome
 * went to.
 */
public class KeyedListener implements LockListener {

    private final Map<String, AtomicInteger> renewals = new ConcurrentHashMap<>();

    /** One entry per lost event: the key, in the order the events came. */
    public final List<String> lostKeys = new CopyOnWriteArrayList<>();

    /** The reason of each lost event, in the order of {@link #lostKeys}. */
    public final List<LostReason> lostReasons = new CopyOnWriteArrayList<>();

    @Override
    public void renewed(LockHandle lock) {
        this.renewals.computeIfAbsent(lock.key(), (key) -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void lost(LockHandle lock, LostReason reason) {
        this.lostKeys.add(lock.key());
        this.lostReasons.add(reason);
    }

    /** How many times the watchdog renewed {@code key} so far. */
    public int renewals(String key) {
        AtomicInteger count = this.renewals.get(key);
        return (count != null) ? count.get() : 0;
    }
}
