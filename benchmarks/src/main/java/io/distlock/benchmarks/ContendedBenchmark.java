package io.distlock.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.distlock.benchmarks.clients.Contender;
import io.distlock.benchmarks.clients.LockClient;
import io.distlock.test.redis.RedisServer;

import org.HdrHistogram.ConcurrentHistogram;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Scenarios (c) and (d): eight threads cycling on one key, so every cycle but one waits. Inside
 * the lock a plain (non-atomic) counter is read, a little CPU is burnt and the counter is written
 * back; at the end of the trial it must equal the number of successful acquisitions, or mutual
 * exclusion was broken and the trial fails. A handoff is a cycle whose holder is another thread
 * than the previous holder.
 */
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 4)
@Measurement(iterations = 2, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class ContendedBenchmark {

    static final String KEY = "hot";

    static final long WAIT_MILLIS = 10_000;

    /** Scenario (c): eight threads of one application share one client. */
    @Benchmark
    @Threads(8)
    public boolean oneApp(Shared shared, Worker worker) throws Exception {
        return worker.cycle(shared.client);
    }

    /** Scenario (d): eight independent clients (own connections, own threads), one per thread. */
    @Benchmark
    @Threads(8)
    public boolean independentClients(Worker worker) throws Exception {
        return worker.cycle(worker.ownClient);
    }

    /** The server, the shared client of (c) and the trial's counters. */
    @State(Scope.Benchmark)
    public static class Shared {

        @Param({ "DISTLOCK_TEMPLATE", "DISTLOCK_ANNOTATION", "REDISSON", "SI_SPIN", "SI_PUBSUB", "SHEDLOCK",
                "RAW_LETTUCE" })
        /** The lock under test. */
        public Contender contender;

        RedisServer server;

        LockClient client;

        /** Guarded by the distributed lock only: that is the point. */
        long counter;

        final LongAdder acquisitions = new LongAdder();

        final LongAdder failures = new LongAdder();

        final AtomicReference<Thread> lastHolder = new AtomicReference<>();

        final LongAdder measuredCycles = new LongAdder();

        final LongAdder measuredHandoffs = new LongAdder();

        final ConcurrentHistogram waits = new ConcurrentHistogram(3);

        final List<Worker> workers = new CopyOnWriteArrayList<>();

        volatile boolean measuring;

        private long iterationStart;

        private long measuredNanos;

        private String benchmark;

        private String mode;

        @Setup(Level.Trial)
        public void start(BenchmarkParams params) {
            this.benchmark = params.getBenchmark();
            this.mode = params.getMode().shortLabel();
            this.server = RedisServer.start();
            if (this.benchmark.endsWith(".oneApp")) {
                this.client = this.contender.open(this.server.port());
            }
        }

        @Setup(Level.Iteration)
        public void startIteration(IterationParams params) {
            this.measuring = params.getType() == IterationType.MEASUREMENT;
            this.iterationStart = System.nanoTime();
        }

        @TearDown(Level.Iteration)
        public void endIteration() {
            if (this.measuring) {
                this.measuredNanos += System.nanoTime() - this.iterationStart;
            }
            this.measuring = false;
        }

        @TearDown(Level.Trial)
        public void stop() {
            try {
                if (this.client != null) {
                    this.client.close();
                }
            }
            finally {
                this.server.close();
            }
            long acquired = this.acquisitions.sum();
            boolean exclusive = this.counter == acquired;
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("benchmark", this.benchmark);
            record.put("mode", this.mode);
            record.put("contender", this.contender.name());
            record.put("acquisitions", acquired);
            record.put("counter", this.counter);
            record.put("mutualExclusion", exclusive);
            record.put("failedAcquisitions", this.failures.sum());
            record.put("measuredSeconds", this.measuredNanos / 1e9);
            record.put("measuredCycles", this.measuredCycles.sum());
            record.put("measuredHandoffs", this.measuredHandoffs.sum());
            record.put("waitP50Micros", this.waits.getValueAtPercentile(50) / 1e3);
            record.put("waitP99Micros", this.waits.getValueAtPercentile(99) / 1e3);
            record.put("waitMaxMicros", this.waits.getMaxValue() / 1e3);
            record.put("cyclesPerThread", this.workers.stream().map((worker) -> worker.measuredCycles).toList());
            Extras.append(record);
            if (!exclusive) {
                throw new IllegalStateException("MUTUAL EXCLUSION VIOLATED by " + this.contender + " in "
                        + this.benchmark + ": the counter guarded by the lock is " + this.counter + " after "
                        + acquired + " successful acquisitions");
            }
        }
    }

    /** One benchmark thread: its own client in (d), and the critical section it runs. */
    @State(Scope.Thread)
    public static class Worker implements Runnable {

        LockClient ownClient;

        private Shared shared;

        private long start;

        long measuredCycles;

        @Setup(Level.Trial)
        public void start(Shared shared, BenchmarkParams params) {
            this.shared = shared;
            shared.workers.add(this);
            if (params.getBenchmark().endsWith(".independentClients")) {
                this.ownClient = shared.contender.open(shared.server.port());
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (this.ownClient != null) {
                this.ownClient.close();
            }
        }

        boolean cycle(LockClient client) throws Exception {
            this.start = System.nanoTime();
            if (client.cycle(KEY, WAIT_MILLIS, this)) {
                this.shared.acquisitions.increment();
                return true;
            }
            this.shared.failures.increment();
            return false;
        }

        /** The critical section. */
        @Override
        public void run() {
            Shared shared = this.shared;
            if (shared.measuring) {
                shared.waits.recordValue(System.nanoTime() - this.start);
                shared.measuredCycles.increment();
                this.measuredCycles++;
                if (shared.lastHolder.getAndSet(Thread.currentThread()) != Thread.currentThread()) {
                    shared.measuredHandoffs.increment();
                }
            }
            else {
                shared.lastHolder.set(Thread.currentThread());
            }
            long value = shared.counter;
            Blackhole.consumeCPU(32);
            shared.counter = value + 1;
        }
    }
}
