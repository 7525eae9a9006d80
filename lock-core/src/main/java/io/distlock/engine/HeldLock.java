package io.distlock.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.distlock.HeldLockInfo;
import io.distlock.LockListener.LostReason;
import io.distlock.LockUnavailableException;
import io.distlock.spi.LockBackend.Renewal;
import io.distlock.spi.LockBackend.RenewalOutcome;
import io.distlock.watchdog.WatchedLock;

/**
 * A lock this process holds in the store: its owner id, token, lease and state, shared by
 * every re-entrant {@link Hold} on it. The store lock is released when the last hold closes.
 */
final class HeldLock implements WatchedLock {

    private static final int HELD = 0;

    private static final int RELEASED = 1;

    private static final int LOST = 2;

    private final DefaultLockTemplate template;

    private final String key;

    private final String storeKey;

    private final String name;

    private final String owner;

    private final long fencingToken;

    private final boolean watchdog;

    private final long minHoldNanos;

    private final long acquiredAtNanos;

    /** The thread that re-enters this lock; null once detached. */
    private volatile Thread thread;

    private final AtomicInteger state = new AtomicInteger(HELD);

    private final AtomicInteger holds = new AtomicInteger(1);

    private final AtomicLong renewals = new AtomicLong();

    private volatile long leaseMillis;

    private volatile long expiresAtNanos;

    HeldLock(DefaultLockTemplate template, String key, String storeKey, String name, String owner, long fencingToken,
            long leaseMillis, boolean watchdog, Duration minHold, long sentAtNanos) {
        this.template = template;
        this.key = key;
        this.storeKey = storeKey;
        this.name = name;
        this.owner = owner;
        this.fencingToken = fencingToken;
        this.leaseMillis = leaseMillis;
        this.watchdog = watchdog;
        this.minHoldNanos = minHold.toNanos();
        this.acquiredAtNanos = sentAtNanos;
        this.expiresAtNanos = sentAtNanos + Duration.ofMillis(leaseMillis).toNanos();
        this.thread = Thread.currentThread();
    }

    String key() {
        return this.key;
    }

    String storeKey() {
        return this.storeKey;
    }

    String name() {
        return this.name;
    }

    String owner() {
        return this.owner;
    }

    long fencingToken() {
        return this.fencingToken;
    }

    boolean isWatchdog() {
        return this.watchdog;
    }

    boolean isHeldBy(Thread thread) {
        return this.thread == thread;
    }

    /** No thread re-enters this lock any more (see {@link io.distlock.LockHandle#detachFromThread()}). */
    void detach() {
        this.thread = null;
    }

    /** Held as far as this process knows: not released, not lost, lease not run out. */
    boolean isHeld() {
        return this.state.get() == HELD && System.nanoTime() - this.expiresAtNanos < 0;
    }

    /** Adds a re-entrant hold, unless the lock is no longer held. */
    boolean tryEnter() {
        if (!isHeld()) {
            return false;
        }
        int current;
        do {
            current = this.holds.get();
            if (current <= 0) {
                return false;
            }
        }
        while (!this.holds.compareAndSet(current, current + 1));
        return true;
    }

    /** Ends one hold; the last one releases the lock in the store. */
    void exit() {
        if (this.holds.decrementAndGet() == 0) {
            this.template.release(this);
        }
    }

    /** Marks the lock released; false if it was already released or lost. */
    boolean markReleased() {
        return this.state.compareAndSet(HELD, RELEASED);
    }

    boolean wasLost() {
        return this.state.get() == LOST;
    }

    /** Milliseconds the lock must still be kept to honour the minimum hold time. */
    long remainingMinHoldMillis() {
        long remaining = this.minHoldNanos - (System.nanoTime() - this.acquiredAtNanos);
        return (remaining > 0) ? Math.max(1, Duration.ofNanos(remaining).toMillis()) : 0;
    }

    Duration heldFor() {
        return Duration.ofNanos(System.nanoTime() - this.acquiredAtNanos);
    }

    /** Owner-checked: the lock now expires {@code lease} from now; a lock found not ours is lost. */
    boolean extend(Duration lease) {
        if (!isActive()) {
            return false;
        }
        long leaseMillis = lease.toMillis();
        long sentAtNanos = System.nanoTime();
        RenewalOutcome outcome = this.template.backend().renew(List.of(new Renewal(this.storeKey, this.owner, leaseMillis)))
                .get(0);
        if (outcome.status() == RenewalOutcome.Status.FAILED) {
            throw (outcome.error() instanceof LockUnavailableException unavailable) ? unavailable
                    : new LockUnavailableException("Could not extend lock '" + this.storeKey + "'", outcome.error());
        }
        boolean owned = outcome.isRenewed();
        if (owned) {
            extended(leaseMillis, sentAtNanos);
        }
        else {
            lost(LostReason.NOT_OWNED);
        }
        return owned;
    }

    private void extended(long leaseMillis, long sentAtNanos) {
        if (this.watchdog) {
            // The watchdog keeps renewing at least its own lease, so a short extension cannot
            // make the lock expire between two rounds.
            this.leaseMillis = Math.max(leaseMillis, this.template.watchdogLeaseMillis());
        }
        else {
            this.leaseMillis = leaseMillis;
        }
        this.expiresAtNanos = sentAtNanos + Duration.ofMillis(leaseMillis).toNanos();
    }

    HeldLockInfo info() {
        long expiresIn = Math.max(0, this.expiresAtNanos - System.nanoTime());
        return new HeldLockInfo(this.name, this.key, this.storeKey, this.fencingToken, heldFor(),
                Duration.ofNanos(expiresIn), this.renewals.get(), this.watchdog);
    }

    // WatchedLock

    @Override
    public boolean isActive() {
        return this.state.get() == HELD;
    }

    @Override
    public Renewal renewal() {
        return new Renewal(this.storeKey, this.owner, this.leaseMillis);
    }

    @Override
    public long acquiredAtNanos() {
        return this.acquiredAtNanos;
    }

    @Override
    public long expiresAtNanos() {
        return this.expiresAtNanos;
    }

    @Override
    public void renewed(long sentAtNanos) {
        if (isActive()) {
            this.expiresAtNanos = sentAtNanos + Duration.ofMillis(this.leaseMillis).toNanos();
            this.renewals.incrementAndGet();
            this.template.listeners().renewed(new Hold(this));
        }
    }

    @Override
    public void renewalFailed(Throwable error) {
        if (isActive()) {
            this.template.listeners().renewalFailed(new Hold(this), error);
        }
    }

    @Override
    public void lost(LostReason reason) {
        if (this.state.compareAndSet(HELD, LOST)) {
            this.template.lost(this, reason);
        }
    }

    @Override
    public String toString() {
        return "HeldLock[" + this.storeKey + ", token=" + this.fencingToken + "]";
    }
}
