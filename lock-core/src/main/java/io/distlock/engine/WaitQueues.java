package io.distlock.engine;

import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The local waiters of each lock, in arrival order. A release wakes one waiter, the oldest
 * without a pending signal, rather than all of them; a waiter that leaves with a signal it did
 * not use passes it on, so a wake-up is never lost, and one that gives up without the lock wakes
 * the next, so that it re-reads the lock's expiry. A release that keeps the lock for its minimum
 * hold wakes them all, so that each times its next try to the lock's new, short expiry.
 */
final class WaitQueues {

    private final ConcurrentHashMap<String, Deque<Waiter>> queues = new ConcurrentHashMap<>();

    /** Adds a waiter for {@code storeKey}; the caller must {@link #leave} it in a finally block. */
    Waiter join(String storeKey) {
        Waiter waiter = new Waiter();
        this.queues.compute(storeKey, (key, queue) -> {
            Deque<Waiter> waiters = (queue != null) ? queue : new ConcurrentLinkedDeque<>();
            waiters.addLast(waiter);
            return waiters;
        });
        return waiter;
    }

    /**
     * Removes a waiter; a signal it did not use is passed on.
     * @param handOn whether to wake the next waiter in any case (this one gives up without the lock)
     */
    void leave(String storeKey, Waiter waiter, boolean handOn) {
        this.queues.computeIfPresent(storeKey, (key, queue) -> {
            queue.remove(waiter);
            return queue.isEmpty() ? null : queue;
        });
        if (handOn || waiter.hasPendingSignal()) {
            signalOne(storeKey);
        }
    }

    /** Wakes the oldest waiter of {@code storeKey} that has no signal pending, if any. */
    void signalOne(String storeKey) {
        Deque<Waiter> queue = this.queues.get(storeKey);
        if (queue == null) {
            return;
        }
        for (Waiter waiter : queue) {
            if (waiter.signal()) {
                return;
            }
        }
    }

    /** Wakes every waiter of {@code storeKey}. */
    void signalAll(String storeKey) {
        Deque<Waiter> queue = this.queues.get(storeKey);
        if (queue != null) {
            queue.forEach(Waiter::signal);
        }
    }

    /** Wakes every waiter (the template is closing; they will see that and give up). */
    void signalAll() {
        this.queues.values().forEach((queue) -> queue.forEach(Waiter::signal));
    }
}
