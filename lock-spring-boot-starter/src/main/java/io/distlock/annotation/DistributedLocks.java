package io.distlock.annotation;

import java.util.List;
import java.util.Optional;

import io.distlock.LockHandle;
import io.distlock.annotation.context.LockHandleStack;

/**
 * Access, from inside a {@link DistributedLock} method, to the locks its call holds: for a
 * fencing token to pass on, or to {@link LockHandle#extend(java.time.Duration) extend} a fixed
 * lease. Per thread; for asynchronous methods only during their synchronous part.
 */
public final class DistributedLocks {

    private DistributedLocks() {
    }

    /**
     * The innermost annotated lock of this thread (for a multi-key lock, the first key in lock
     * order).
     * @return the hold, or empty outside a {@link DistributedLock} method
     */
    public static Optional<LockHandle> currentHandle() {
        List<LockHandle> handles = LockHandleStack.peek();
        return handles.isEmpty() ? Optional.empty() : Optional.of(handles.get(0));
    }

    /**
     * The holds of the innermost annotated lock of this thread, one per key, in lock order.
     * @return the holds, empty outside a {@link DistributedLock} method
     */
    public static List<LockHandle> currentHandles() {
        return LockHandleStack.peek();
    }
}
