package io.distlock.annotation.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.distlock.LockHandle;
import io.distlock.annotation.DistributedLocks;

/**
 * The locks of the annotated calls running on this thread, innermost last. Pushed and popped by
 * {@link DistributedLockInterceptor}; read through {@link DistributedLocks}. Not meant for
 * application code.
 */
public final class LockHandleStack {

    private static final ThreadLocal<Deque<List<LockHandle>>> STACK = new ThreadLocal<>();

    private LockHandleStack() {
    }

    /** The innermost call's holds, or an empty list when no annotated call runs on this thread. */
    public static List<LockHandle> peek() {
        Deque<List<LockHandle>> stack = STACK.get();
        List<LockHandle> top = (stack != null) ? stack.peek() : null;
        return (top != null) ? top : List.of();
    }

    static void push(List<LockHandle> handles) {
        Deque<List<LockHandle>> stack = STACK.get();
        if (stack == null) {
            stack = new ArrayDeque<>();
            STACK.set(stack);
        }
        stack.push(List.copyOf(handles));
    }

    static void pop() {
        Deque<List<LockHandle>> stack = STACK.get();
        if (stack != null) {
            stack.poll();
            if (stack.isEmpty()) {
                // Pooled threads outlive requests: leave nothing behind.
                STACK.remove();
            }
        }
    }
}
