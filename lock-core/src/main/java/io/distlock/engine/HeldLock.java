package io.distlock.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.distlock.HeldLockInfo;
import io.distlock.LockListener.LostReason;
import io.distlock.spi.LockBackend.Renewal;
import io.distlock.watchdog.WatchedLock;

/**
 * A lock this process holds in the store: its owner id, token, lease and state, shared by
 * every re-entrant {@link Hold} on it. The store lock is released when the last hold closes.
 */
final class HeldLock implements WatchedLock {

    private static final int HELD = 0;

    private static final int RELEASED = 1;

    private static final int LOST = 2;

    /** Lost, and its last hold has ended (reported once, as released while not owned). */
    private static final int LOST_AND_ENDED = 3;

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

    /** The lease of the acquisition: the watchdog renews at least this much. */
    private final long leaseMillis;

    /** When the lease runs out unless renewed, as far as this process knows; never moves earlier. */
    private final AtomicLong expiresAtNanos;

    /** The latest expiry an {@link #extend(Duration)} asked for; renewals do not cut the lock below it. */
    private final AtomicLong extendedUntilNanos;

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
        this.expiresAtNanos = new AtomicLong(sentAtNanos + Duration.ofMillis(leaseMillis).toNanos());
        this.extendedUntilNanos = new AtomicLong(this.expiresAtNanos.get());
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
        return this.state.get() == HELD && System.nanoTime() - this.expiresAtNanos.get() < 0;
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

    /**
     * Marks a lost lock's hold ended; true only the first time, so that a hold ended both by the
     * template's shutdown and by its handle is reported once.
     */
    boolean markLostEnded() {
        return this.state.compareAndSet(LOST, LOST_AND_ENDED);
    }

    /** Milliseconds the lock must still be kept to honour the minimum hold time. */
    long remainingMinHoldMillis() {
        long remaining = this.minHoldNanos - (System.nanoTime() - this.acquiredAtNanos);
        // Rounded up: the lock is kept for the whole minimum hold, never a fraction of a ms less.
        return (remaining > 0) ? (remaining + 999_999) / 1_000_000 : 0;
    }

    Duration heldFor() {
        return Duration.ofNanos(System.nanoTime() - this.acquiredAtNanos);
    }

    /**
     * Owner-checked: the lock now expires no sooner than {@code lease} from now; a shorter lease
     * changes nothing. A lock found not ours is lost.
     * @param lease at least 1 ms
     */
    boolean extend(Duration lease) {
        if (!isActive()) {
            return false;
        }
        long leaseMillis = lease.toMillis();
        long sentAtNanos = System.nanoTime();
        boolean owned = this.template.backend().extend(this.storeKey, this.owner, leaseMillis);
        if (owned) {
            long until = sentAtNanos + Duration.ofMillis(leaseMillis).toNanos();
            later(this.extendedUntilNanos, until);
            later(this.expiresAtNanos, until);
        }
        else {
            lost(LostReason.NOT_OWNED);
        }
        return owned;
    }

    /** Moves {@code deadline} to {@code nanos} if that is later ({@link System#nanoTime()} values). */
    private static void later(AtomicLong deadline, long nanos) {
        deadline.accumulateAndGet(nanos, (current, candidate) -> (candidate - current > 0) ? candidate : current);
    }

    HeldLockInfo info() {
        long expiresIn = Math.max(0, this.expiresAtNanos.get() - System.nanoTime());
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
        // Until an extension's end, a renewal must not cut the lock back to the watchdog's lease.
        long extensionMillis = (this.extendedUntilNanos.get() - System.nanoTime() + 999_999) / 1_000_000;
        return new Renewal(this.storeKey, this.owner, Math.max(this.leaseMillis, extensionMillis));
    }

    @Override
    public long acquiredAtNanos() {
        return this.acquiredAtNanos;
    }

    @Override
    public long expiresAtNanos() {
        return this.expiresAtNanos.get();
    }

    @Override
    public void renewed(long sentAtNanos) {
        if (isActive()) {
            later(this.expiresAtNanos, sentAtNanos + Duration.ofMillis(this.leaseMillis).toNanos());
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
