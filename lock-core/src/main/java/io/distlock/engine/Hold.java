package io.distlock.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.distlock.LockHandle;

/**
 * One acquisition as the caller sees it: the outermost one or a re-entrant one. Closing it
 * ends this hold only; the lock is released in the store when the last hold ends.
 */
final class Hold implements LockHandle {

    private final HeldLock lock;

    private final AtomicBoolean closed = new AtomicBoolean();

    /** Whether this hold took the lock (rather than re-entering one the thread already held). */
    private final boolean outermost;

    Hold(HeldLock lock) {
        this(lock, false);
    }

    Hold(HeldLock lock, boolean outermost) {
        this.lock = lock;
        this.outermost = outermost;
    }

    HeldLock lock() {
        return this.lock;
    }

    @Override
    public String key() {
        return this.lock.key();
    }

    @Override
    public String name() {
        return this.lock.name();
    }

    @Override
    public long fencingToken() {
        return this.lock.fencingToken();
    }

    @Override
    public boolean isHeld() {
        return !this.closed.get() && this.lock.isHeld();
    }

    @Override
    public boolean extend(Duration lease) {
        DefaultLockTemplate.checkExtension(lease);
        if (this.closed.get()) {
            return false;
        }
        return this.lock.extend(lease);
    }

    /**
     * Detaches the lock only when this hold took it: a re-entrant hold leaves the lock with the
     * thread whose outer hold is still open.
     */
    @Override
    public void detachFromThread() {
        if (this.outermost) {
            this.lock.detach();
        }
    }

    /**
     * Ends this hold. When it is the hold that took the lock, the lock is also untied from the
     * thread, whatever holds remain: they were handed to work that outlives the call (an async
     * method entered inside it), and the thread, back in its pool, must not re-enter them.
     */
    @Override
    public void close() {
        if (this.closed.compareAndSet(false, true)) {
            if (this.outermost) {
                this.lock.detach();
            }
            this.lock.exit();
        }
    }

    @Override
    public String toString() {
        return "LockHandle[key=" + key() + ", name=" + name() + ", fencingToken=" + fencingToken() + ", held="
                + isHeld() + "]";
    }
}
