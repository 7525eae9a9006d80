package io.distlock.watchdog;

import io.distlock.LockListener.LostReason;
import io.distlock.spi.LockBackend.Renewal;

/**
 * What the {@link Watchdog} needs of a held lock.
 */
public interface WatchedLock {

    /** Whether the lock is still held (not released, not lost). */
    boolean isActive();

    /** The owner-checked renewal to send: key, owner and lease. */
    Renewal renewal();

    /** {@link System#nanoTime()} when the lock was acquired. */
    long acquiredAtNanos();

    /** {@link System#nanoTime()} by which the lease runs out unless renewed. */
    long expiresAtNanos();

    /** The renewal sent at {@code sentAtNanos} found the lock still owned and extended it. */
    void renewed(long sentAtNanos);

    /** The renewal round failed with an error; the lock is still held until its lease runs out. */
    void renewalFailed(Throwable error);

    /** The lock is lost; it will not be renewed again. */
    void lost(LostReason reason);
}
