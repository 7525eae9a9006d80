package io.distlock.sample.demo;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * Runs a task many times at once, on a small thread pool released by one start signal, and
 * counts the outcome labels the task returns. A task that throws counts under the simple name of
 * the exception's class. The demo endpoints use it to show what happens under contention.
 */
public final class Burst {

    /** The most tasks one burst runs. */
    public static final int MAX_TASKS = 5000;

    private static final long TIMEOUT_MINUTES = 5;

    private Burst() {
    }

    /**
     * Runs {@code task.apply(i)} for {@code i} in {@code [0, n)} on {@code threads} threads.
     * @param n how many tasks, 1 to {@value #MAX_TASKS}
     * @param threads how many threads run them
     * @param task returns an outcome label such as {@code "sold"}
     * @return how many tasks ended with each label, and how long the burst took
     */
    public static Tally run(int n, int threads, IntFunction<String> task) {
        checkSize(n);
        Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger next = new AtomicInteger();
        int poolSize = Math.max(1, Math.min(threads, n));
        ExecutorService pool = Executors.newFixedThreadPool(poolSize, runnable -> {
            Thread thread = new Thread(runnable, "burst-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long started = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                int index = i;
                pool.execute(() -> {
                    awaitQuietly(start);
                    counts.computeIfAbsent(outcome(task, index), label -> new LongAdder()).increment();
                });
            }
            start.countDown();
            pool.shutdown();
            if (!pool.awaitTermination(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IllegalStateException("Burst of " + n + " tasks did not finish in " + TIMEOUT_MINUTES + " min");
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the burst", ex);
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((label, count) -> result.put(label, count.sum()));
        return new Tally(result, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Checks the size of a burst before anything is prepared for it.
     * @param n how many tasks
     * @throws IllegalArgumentException unless {@code n} is 1 to {@value #MAX_TASKS}
     */
    public static void checkSize(int n) {
        if (n < 1 || n > MAX_TASKS) {
            throw new IllegalArgumentException("n must be between 1 and " + MAX_TASKS + ", was " + n);
        }
    }

    private static String outcome(IntFunction<String> task, int index) {
        try {
            return task.apply(index);
        } catch (RuntimeException ex) {
            return ex.getClass().getSimpleName();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The outcome of a burst.
     * @param outcomes how many tasks ended with each label
     * @param millis how long the burst took
     */
    public record Tally(Map<String, Long> outcomes, long millis) {

        /**
         * How many tasks ended with {@code label}.
         * @param label an outcome label
         * @return the count, 0 if none
         */
        public long count(String label) {
            return outcomes.getOrDefault(label, 0L);
        }
    }
}
