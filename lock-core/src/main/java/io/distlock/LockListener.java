package io.distlock;

import java.time.Duration;

/**
 * Hears what a {@link LockTemplate} does; metrics and the starter's events sit on this seam.
 * Callbacks run on the thread that did the work (the watchdog's for renewals) and must be
 * quick and must not throw; what one throws is logged and ignored.
 */
public interface LockListener {

    /** A lock was acquired in Redis (not called for re-entrant holds). */
    default void acquired(LockHandle lock, Duration waited) {
    }

    /** An acquisition gave up: the wait ran out ({@code error} is null) or Redis failed. */
    default void acquireFailed(String name, String key, Duration waited, Throwable error) {
    }

    /**
     * The outermost hold ended.
     * @param stillOwned false when the lock was already gone or owned by another at release
     */
    default void released(LockHandle lock, Duration heldFor, boolean stillOwned) {
    }

    /** The watchdog extended the lease. */
    default void renewed(LockHandle lock) {
    }

    /** A renewal round failed with an error; it is retried until the lease would run out. */
    default void renewalFailed(LockHandle lock, Throwable error) {
    }

    /** A held lock was found lost: deleted, taken by another owner, or its lease ran out unrenewed. */
    default void lost(LockHandle lock, LostReason reason) {
    }

    /** Why a lock was lost. */
    enum LostReason {

        /** Renewal found the key gone or owned by another. */
        NOT_OWNED,

        /** Renewal kept failing with errors until the lease ran out. */
        RENEWAL_FAILED,

        /** The watchdog stopped renewing at {@code watchdog.max-hold} and the lease ran out. */
        MAX_HOLD_EXCEEDED
    }
}
