package io.distlock;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * The programmatic entry point: acquire a lock by key, run work, release.
 * <p>
 * The Redis key of a template key {@code k} is {@code <key-prefix>k}. Locks are re-entrant
 * per thread: a thread that holds a key gets the same lock again (same fencing token, the
 * outer lease), and the key is released in Redis when the outermost hold ends.
 */
public interface LockTemplate {

    /**
     * Acquires {@code key}, waiting up to {@code options.waitTime()}, runs {@code action}, then
     * releases the lock.
     * @throws LockAcquisitionException when the wait runs out
     * @throws LockUnavailableException when Redis cannot be reached
     */
    <T> T execute(String key, LockOptions options, LockCallback<T> action);

    /**
     * {@link #execute(String, LockOptions, LockCallback)} with the configured default wait and a
     * watchdog-renewed lease.
     */
    <T> T execute(String key, LockCallback<T> action);

    /**
     * Acquires {@code key}, waiting up to {@code options.waitTime()} (zero tries once).
     * @return the hold, to be closed by the caller; empty when the wait ran out
     * @throws LockUnavailableException when Redis cannot be reached
     */
    Optional<LockHandle> tryLock(String key, LockOptions options);

    /**
     * Acquires every key, in sorted order so that two callers locking the same keys cannot
     * deadlock, all or nothing, within one shared wait. Duplicates are dropped.
     * @return one hold per distinct key in lock order; empty (and nothing held) when the wait ran out
     * @throws LockUnavailableException when Redis cannot be reached (nothing is left held)
     */
    Optional<List<LockHandle>> tryLockAll(Collection<String> keys, LockOptions options);

    /**
     * A {@link Lock} view of {@code key} with a watchdog-renewed lease, for code written against
     * {@code java.util.concurrent.locks}. Its holds are per thread, as the interface expects.
     * {@link Lock#newCondition()} is not supported.
     */
    Lock asLock(String key);

    /** Registers a listener for acquisitions, releases, renewals and lost locks. */
    void addListener(LockListener listener);

    /** Removes a listener added with {@link #addListener(LockListener)}. */
    void removeListener(LockListener listener);

    /** The locks this template holds now (outermost holds), for diagnostics. */
    List<HeldLockInfo> heldLocks();
}
