package io.distlock.spi;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the engine needs from a store: one-round-trip, owner-checked lock operations and
 * release notifications. Waiting, re-entrancy and the watchdog live above it, in the
 * template, so every backend (single Redis, Redlock) gets them alike.
 * <p>
 * Implementations translate every store failure into
 * {@link io.distlock.LockUnavailableException}.
 */
public interface LockBackend extends AutoCloseable {

    /** The store key of a template key: the key prefix followed by the key. */
    String storeKey(String key);

    /**
     * Sets the lock if it is free and issues a fencing token.
     * @param storeKey the key from {@link #storeKey(String)}
     * @param owner a random id of this acquisition
     * @param leaseMillis how long the lock lives unless renewed
     * @return acquired with a token, or not acquired with how long the holder's lease still runs
     */
    AcquireResult tryAcquire(String storeKey, String owner, long leaseMillis);

    /**
     * Releases the lock if {@code owner} still owns it and notifies waiters.
     * @param keepMillis when positive, the lock is kept that much longer (its TTL cut to it)
     * instead of deleted; waiters are notified all the same, so that they time their next try to
     * the new expiry
     * @return whether {@code owner} still owned the lock
     */
    boolean release(String storeKey, String owner, long keepMillis);

    /**
     * Owner-checked extension of one lock that never shortens it: afterwards the lock expires no
     * sooner than {@code leaseMillis} from now; a lock whose remaining lease is longer is left as it is.
     * @param leaseMillis the lease the lock must at least have, 1 or more
     * @return whether {@code owner} still owned the lock
     */
    boolean extend(String storeKey, String owner, long leaseMillis);

    /**
     * Owner-checked renewal of many locks in as few round trips as the store allows.
     * @return one entry per request, in order: whether that lock was still owned (and now renewed)
     */
    List<Boolean> renew(List<Renewal> renewals);

    /**
     * Makes sure release notifications for {@code storeKey} are heard (subscribing once, or once
     * per shard) and waits up to {@code timeout} until the subscription is active.
     * @param storeKey the lock about to be waited for
     * @param onRelease called with the store key of every lock another process released (and of
     * every lock this backend force-released, where it offers that)
     * @return whether the subscription is active
     */
    boolean listenForReleases(String storeKey, Consumer<String> onRelease, Duration timeout);

    /** Stops listening and frees what the backend holds. Idempotent. */
    @Override
    void close();

    /**
     * Result of {@link #tryAcquire}.
     *
     * @param acquired whether the lock was taken
     * @param fencingToken the token when acquired, else 0
     * @param holderTtlMillis when not acquired, the holder's remaining lease in ms (negative if unknown)
     */
    record AcquireResult(boolean acquired, long fencingToken, long holderTtlMillis) {

        public static AcquireResult acquired(long fencingToken) {
            return new AcquireResult(true, fencingToken, 0);
        }

        public static AcquireResult held(long holderTtlMillis) {
            return new AcquireResult(false, 0, holderTtlMillis);
        }
    }

    /**
     * One owner-checked renewal.
     *
     * @param storeKey the lock's store key
     * @param owner the id the lock was acquired with
     * @param leaseMillis the new lease
     */
    record Renewal(String storeKey, String owner, long leaseMillis) {
    }
}
