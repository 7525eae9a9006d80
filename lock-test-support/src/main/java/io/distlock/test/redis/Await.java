package io.distlock.test.redis;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a timeout passes; the harness's small stand-in for Awaitility. */
final class Await {

    private static final long POLL_MILLIS = 25;

    private Await() {
    }

    /**
     * Calls {@code probe} until it returns a non-null value other than {@code Boolean.FALSE} and returns that value.
     * Exceptions thrown by the probe count as "not yet"; the last one is attached to the timeout exception.
     *
     * @throws IllegalStateException when the timeout passes first
     */
    static <T> T until(Duration timeout, String description, Callable<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + description, e);
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline > 0) {
                String reason = lastFailure == null ? "" : " (last failure: " + lastFailure + ")";
                throw new IllegalStateException("Timed out after " + timeout.toMillis() + " ms waiting for " + description + reason, lastFailure);
            }
            sleep(POLL_MILLIS);
        }
    }

    /** Sleeps, restoring the interrupt flag if interrupted. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
