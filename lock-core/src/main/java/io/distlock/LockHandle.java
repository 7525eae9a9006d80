package io.distlock;

import java.time.Duration;

/**
 * One acquisition of a lock. Ownership lives here, not in a thread: any thread may
 * {@link #close()} it, so asynchronous code can release on the thread that completes it.
 */
public interface LockHandle extends AutoCloseable {

    /** The key as given to the template (for the annotation, {@code <name>:<value>}). */
    String key();

    /** The logical lock name used to tag metrics; never derived from the key. */
    String name();

    /**
     * A number that strictly increases with every acquisition of this key, across threads,
     * processes and client restarts. Pass it to the resource you protect, which rejects
     * writes carrying a token lower than one it has seen.
     */
    long fencingToken();

    /**
     * Whether this hold still owns the lock, as far as this process knows, without a round
     * trip: false once released, once its lease ran out, or once renewal found it lost.
     */
    boolean isHeld();

    /**
     * Owner-checked: the lock now expires {@code lease} from now, unless its remaining lease is
     * longer already; an extension never shortens a lock (a watchdog lock goes on being renewed).
     * @param lease the new lease, at least 1 ms
     * @return false, with nothing changed, when the lock is no longer ours
     * @throws IllegalArgumentException when {@code lease} is null or under 1 ms
     * @throws LockUnavailableException when Redis cannot be reached
     */
    boolean extend(Duration lease);

    /**
     * Unties the lock from the thread that acquired it, for work that goes on after the acquiring
     * method has returned (a {@code CompletableFuture}, a {@code Mono}): that thread no longer
     * re-enters it, so a later, unrelated call on the same thread waits for it like any other
     * caller. Holds already taken stay valid; the lock is still released when the last one closes.
     * A re-entrant hold does not detach the lock from the thread whose outer hold is still open;
     * closing that outer hold detaches it, even while re-entrant holds remain open.
     */
    default void detachFromThread() {
    }

    /**
     * Releases the lock if this hold still owns it. Idempotent; never throws for a lock that
     * was already lost (that hold is counted as expired).
     */
    @Override
    void close();
}
