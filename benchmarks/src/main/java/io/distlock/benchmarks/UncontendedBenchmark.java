package io.distlock.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.distlock.benchmarks.clients.Contender;
import io.distlock.benchmarks.clients.LockClient;
import io.distlock.test.redis.RedisServer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenarios (a) and (b): lock cycles (acquire, empty body, release) on a fresh key every cycle, so
 * no cycle ever waits; one client shared by the threads, as in one application.
 */
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 4)
@Measurement(iterations = 2, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class UncontendedBenchmark {

    static final long WAIT_MILLIS = 10_000;

    private static final Runnable EMPTY = () -> {
    };

    /** Scenario (a): one thread. */
    @Benchmark
    @Threads(1)
    public boolean oneThread(Shared shared, Keys keys) throws Exception {
        return cycle(shared, keys);
    }

    /** Scenario (b): sixteen threads on one client. */
    @Benchmark
    @Threads(16)
    public boolean threads16(Shared shared, Keys keys) throws Exception {
        return cycle(shared, keys);
    }

    private static boolean cycle(Shared shared, Keys keys) throws Exception {
        if (!shared.client.cycle(keys.next(), WAIT_MILLIS, EMPTY)) {
            throw new IllegalStateException(shared.contender + " did not acquire a fresh key");
        }
        return true;
    }

    /** The redis-server and the contender's client, for the whole trial. */
    @State(Scope.Benchmark)
    public static class Shared {

        @Param({ "DISTLOCK_TEMPLATE", "DISTLOCK_ANNOTATION", "REDISSON", "SI_SPIN", "SI_PUBSUB", "SHEDLOCK",
                "RAW_LETTUCE" })
        /** The lock under test. */
        public Contender contender;

        RedisServer server;

        LockClient client;

        @Setup(Level.Trial)
        public void start() {
            this.server = RedisServer.start();
            this.client = this.contender.open(this.server.port());
        }

        @TearDown(Level.Trial)
        public void stop() {
            try {
                this.client.close();
            }
            finally {
                this.server.close();
            }
        }
    }

    /** Fresh keys of one thread: {@code u<thread>:<n>}. */
    @State(Scope.Thread)
    public static class Keys {

        private static final AtomicInteger THREADS = new AtomicInteger();

        private String prefix;

        private long next;

        @Setup(Level.Trial)
        public void setup() {
            this.prefix = "u" + THREADS.incrementAndGet() + ":";
        }

        String next() {
            return this.prefix + this.next++;
        }
    }
}
