package io.distlock;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * A positive signal that a thread waits for a lock: it is parked inside the engine's waiter,
 * after at least one failed attempt, rather than somewhere on its way there. Tests use it
 * instead of a fixed sleep before they release the lock the thread waits for.
 */
public final class WaitingThreads {

    private static final String WAITER = "io.distlock.engine.Waiter";

    private WaitingThreads() {
    }

    /**
     * Runs {@code task} on a new thread and returns once that thread waits for a lock.
     * @return the task's result, to come
     */
    public static <T> CompletableFuture<T> startWaiting(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(task.get());
            }
            catch (Throwable ex) {
                result.completeExceptionally(ex);
            }
        }, "waiting");
        thread.setDaemon(true);
        thread.start();
        awaitWaiting(thread);
        return result;
    }

    /** Waits (up to 10 s) until {@code thread} sleeps in the engine's wait for a lock. */
    public static void awaitWaiting(Thread thread) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> isWaiting(thread));
    }

    /** Whether {@code thread} is now inside the engine's wait for a released lock. */
    public static boolean isWaiting(Thread thread) {
        return Arrays.stream(thread.getStackTrace())
                .anyMatch((frame) -> frame.getClassName().equals(WAITER) && frame.getMethodName().equals("await"));
    }
}
