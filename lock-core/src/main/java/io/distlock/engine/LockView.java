package io.distlock.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

import io.distlock.LockOptions;

/**
 * The {@link Lock} view of one key ({@link DefaultLockTemplate#asLock(String)}): holds are per
 * thread and re-entrant, as {@code java.util.concurrent.locks} expects, with a watchdog-renewed
 * lease. It keeps no state of its own, so two views of one key are the same lock.
 */
final class LockView implements Lock {

    private final DefaultLockTemplate template;

    private final String key;

    LockView(DefaultLockTemplate template, String key) {
        this.template = template;
        this.key = key;
    }

    @Override
    public void lock() {
        try {
            this.template.acquire(this.key, LockOptions.defaults(), Long.MAX_VALUE, false);
        }
        catch (InterruptedException ex) {
            // Not thrown when not interruptible; keep the flag if it ever is.
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        this.template.acquire(this.key, LockOptions.defaults(), Long.MAX_VALUE, true);
    }

    @Override
    public boolean tryLock() {
        try {
            return this.template.acquire(this.key, LockOptions.defaults(), 0, false) != null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return this.template.acquire(this.key, LockOptions.defaults(), Math.max(0, unit.toNanos(time)), true) != null;
    }

    @Override
    public void unlock() {
        HeldLock lock = this.template.heldByCurrentThread(this.key);
        if (lock == null) {
            throw new IllegalMonitorStateException(
                    "Lock '" + this.key + "' is not held by thread " + Thread.currentThread().getName());
        }
        lock.exit();
    }

    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("Conditions are not supported by distributed locks ('" + this.key
                + "'): another process cannot signal them; coordinate through the protected resource instead");
    }

    @Override
    public String toString() {
        return "DistributedLock[" + this.key + "]";
    }
}
