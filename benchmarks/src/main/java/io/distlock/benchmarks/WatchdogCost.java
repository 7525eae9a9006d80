package io.distlock.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import io.distlock.LockHandle;
import io.distlock.LockOptions;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.redis.RedisServer;

import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * What keeping 10,000 locks alive costs: each library holds 10,000 watchdog-renewed locks with a
 * 3 s lease (renewed every second), and over {@value #WINDOW_SECONDS} seconds we take the Redis
 * commands ({@code INFO commandstats}), the CPU time of this process, of the library's own threads
 * and of the redis-server, per renewal round (a round renews all 10,000 locks once).
 */
final class WatchdogCost {

    static final int LOCKS = 10_000;

    static final long LEASE_MILLIS = 3_000;

    static final long INTERVAL_MILLIS = LEASE_MILLIS / 3;

    static final int WINDOW_SECONDS = 5;

    private WatchdogCost() {
    }

    static List<Map<String, Object>> measureAll() throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        records.add(distlock());
        records.add(redisson());
        return records;
    }

    private static Map<String, Object> distlock() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            LettuceConnectionFactory factory = new LettuceConnectionFactory(
                    new RedisStandaloneConfiguration("127.0.0.1", server.port()));
            factory.afterPropertiesSet();
            factory.start();
            DefaultLockTemplate template = DefaultLockTemplate.builder(new RedisLockBackend(factory, "lock:"))
                .leaseTime(Duration.ofMillis(LEASE_MILLIS))
                .build();
            try {
                List<LockHandle> handles = new ArrayList<>(LOCKS);
                long start = System.nanoTime();
                for (int i = 0; i < LOCKS; i++) {
                    handles.add(template.tryLock("wd:" + i, LockOptions.defaults()).orElseThrow());
                }
                double acquireSeconds = (System.nanoTime() - start) / 1e9;
                Map<String, Object> record = window("distlock", server, acquireSeconds,
                        () -> handles.stream().allMatch(LockHandle::isHeld),
                        (name) -> name.startsWith("distlock-") || name.startsWith("lettuce-"));
                handles.forEach(LockHandle::close);
                return record;
            }
            finally {
                template.close();
                factory.destroy();
            }
        }
    }

    private static Map<String, Object> redisson() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            Config config = new Config();
            config.useSingleServer().setAddress("redis://127.0.0.1:" + server.port());
            config.setLockWatchdogTimeout(LEASE_MILLIS);
            RedissonClient redisson = Redisson.create(config);
            try {
                List<RLock> locks = new ArrayList<>(LOCKS);
                long start = System.nanoTime();
                for (int i = 0; i < LOCKS; i++) {
                    RLock lock = redisson.getLock("wd:" + i);
                    lock.lock();
                    locks.add(lock);
                }
                double acquireSeconds = (System.nanoTime() - start) / 1e9;
                return window("Redisson", server, acquireSeconds, () -> locks.stream().allMatch(RLock::isLocked),
                        (name) -> name.startsWith("redisson-"));
            }
            finally {
                redisson.shutdown();
            }
        }
    }

    private static Map<String, Object> window(String library, RedisServer server, double acquireSeconds,
            BooleanSupplier allHeld, Predicate<String> libraryThreads) throws InterruptedException {
        // Let the first renewal round after acquiring pass, then measure.
        Thread.sleep(INTERVAL_MILLIS + INTERVAL_MILLIS / 2);
        server.command("CONFIG", "RESETSTAT");
        double serverCpu0 = Info.serverCpuMillis(server);
        long cpu0 = processCpuNanos();
        long threads0 = threadCpuNanos(libraryThreads);
        long wall0 = System.nanoTime();
        Thread.sleep(WINDOW_SECONDS * 1000L);
        double seconds = (System.nanoTime() - wall0) / 1e9;
        long cpu = processCpuNanos() - cpu0;
        long threadCpu = threadCpuNanos(libraryThreads) - threads0;
        double serverCpu = Info.serverCpuMillis(server) - serverCpu0;
        Map<String, Long> stats = CommandCount.commandStats(server);
        // Both libraries renew with PEXPIRE inside a script: one PEXPIRE per lock per round.
        double rounds = stats.getOrDefault("pexpire", 0L) / (double) LOCKS;
        long scripts = stats.getOrDefault("evalsha", 0L) + stats.getOrDefault("eval", 0L)
                + stats.getOrDefault("fcall", 0L);
        long all = stats.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> perRound = new TreeMap<>();
        stats.forEach((command, calls) -> perRound.put(command, calls / rounds));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("library", library);
        record.put("locks", LOCKS);
        record.put("leaseMillis", LEASE_MILLIS);
        record.put("intervalMillis", INTERVAL_MILLIS);
        record.put("windowSeconds", seconds);
        record.put("rounds", rounds);
        record.put("acquireSeconds", acquireSeconds);
        record.put("scriptCallsPerRound", scripts / rounds);
        record.put("serverCommandsPerRound", all / rounds);
        record.put("commandsPerRound", perRound);
        record.put("processCpuMillisPerRound", cpu / 1e6 / rounds);
        record.put("libraryThreadsCpuMillisPerRound", threadCpu / 1e6 / rounds);
        record.put("redisCpuMillisPerRound", serverCpu / rounds);
        record.put("processCpuPercent", 100 * cpu / 1e9 / seconds);
        record.put("allStillHeld", allHeld.getAsBoolean());
        System.out.println("watchdog cost: " + record);
        return record;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    private static long threadCpuNanos(Predicate<String> names) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && names.test(info.getThreadName())) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }
}
