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
     * Owner-checked renewal of many locks in as few round trips as the store allows. Each request
     * gets its own outcome, whatever store node serves it: a failing node fails only the requests
     * it serves, and this method does not throw for a store failure. It blocks until every request
     * has its outcome, which on a slow node can take up to the client's command timeout; the
     * watchdog therefore calls it once per {@linkplain #renewalGroups group}, concurrently.
     * @param renewals the locks to renew
     * @return one outcome per request, in the order of the requests
     */
    List<RenewalOutcome> renew(List<Renewal> renewals);

    /**
     * Splits renewals into groups that the store serves independently, such as one per Redis
     * Cluster master, so that a dead or slow node delays only the renewals of its own group.
     * Every request is in exactly one group, as the same {@link Renewal} instance.
     * @param renewals the locks to renew
     * @return the groups; by default one group with every request
     */
    default List<List<Renewal>> renewalGroups(List<Renewal> renewals) {
        return List.of(renewals);
    }

    /**
     * Makes sure release notifications for {@code storeKey} are heard (subscribing once, or once
     * per shard) and waits up to {@code timeout} until the subscription is active.
     * @param storeKey the lock about to be waited for
     * @param onRelease called with the store key of every lock another process released (and of
     * every lock this backend force-released, where it offers that)
     * @return whether the subscription is active
     */
    boolean listenForReleases(String storeKey, Consumer<String> onRelease, Duration timeout);

    /**
     * Stops listening and frees what the backend holds (connections, threads). Idempotent. Must
     * return within a few seconds whatever state the store is in, and must not wait for the
     * client's command timeout; calls still waiting for a dead node may be interrupted.
     */
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

    /**
     * What became of one {@link Renewal}.
     *
     * @param status renewed, not owned, or failed
     * @param error why it failed (a {@link io.distlock.LockUnavailableException}), else null
     */
    record RenewalOutcome(Status status, Throwable error) {

        private static final RenewalOutcome RENEWED = new RenewalOutcome(Status.RENEWED, null);

        private static final RenewalOutcome NOT_OWNED = new RenewalOutcome(Status.NOT_OWNED, null);

        /** The lock was still owned and now expires the requested lease from now. */
        public static RenewalOutcome renewed() {
            return RENEWED;
        }

        /** The lock was gone or owned by another; nothing was changed. */
        public static RenewalOutcome notOwned() {
            return NOT_OWNED;
        }

        /** The store could not say: the lock may or may not still be owned. */
        public static RenewalOutcome failed(Throwable error) {
            return new RenewalOutcome(Status.FAILED, error);
        }

        /** Renewed or not owned, from a boolean reply. */
        public static RenewalOutcome of(boolean renewed) {
            return renewed ? RENEWED : NOT_OWNED;
        }

        public boolean isRenewed() {
            return this.status == Status.RENEWED;
        }

        /** The possible outcomes. */
        public enum Status {

            /** Still owned, lease extended. */
            RENEWED,

            /** Gone or owned by another. */
            NOT_OWNED,

            /** The store failed or did not answer in time. */
            FAILED
        }
    }
}
