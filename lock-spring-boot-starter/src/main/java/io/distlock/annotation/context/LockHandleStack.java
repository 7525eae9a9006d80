package io.distlock.annotation.context;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.distlock.LockHandle;

/**
 * The locks of the annotated calls running on this thread, innermost last. Pushed and popped by
 * the annotation's interceptor ({@code io.distlock.annotation.support}); read through
 * {@code io.distlock.annotation.DistributedLocks}. In a package of its own so that the annotation's
 * public package and its support package both depend on it, not on each other. Not meant for
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

    /** Enters an annotated call holding {@code handles}; the interceptor's, not the application's. */
    public static void push(List<LockHandle> handles) {
        Deque<List<LockHandle>> stack = STACK.get();
        if (stack == null) {
            stack = new ArrayDeque<>();
            STACK.set(stack);
        }
        stack.push(List.copyOf(handles));
    }

    /** Leaves the innermost annotated call; the interceptor's, not the application's. */
    public static void pop() {
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
