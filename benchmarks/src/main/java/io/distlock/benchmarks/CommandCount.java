package io.distlock.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.distlock.benchmarks.clients.Contender;
import io.distlock.benchmarks.clients.LockClient;
import io.distlock.test.redis.RedisServer;

/**
 * Redis commands per lock cycle of every contender, outside JMH: {@code INFO commandstats} deltas
 * (every command the server ran, script-internal ones included) and, with {@code MONITOR}, the
 * commands clients sent (round trips), for (a) uncontended single-thread cycles and (c) eight
 * threads on one key of one client, and (d) eight clients, one thread each, on one key.
 */
final class CommandCount {

    private static final int UNCONTENDED_CYCLES = 2_000;

    private static final long CONTENDED_MILLIS = 3_000;

    private static final Runnable EMPTY = () -> {
    };

    private CommandCount() {
    }

    static List<Map<String, Object>> measureAll(List<Contender> contenders) throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Contender contender : contenders) {
            try (RedisServer server = RedisServer.start(); LockClient client = contender.open(server.port())) {
                for (int i = 0; i < 300; i++) {
                    client.cycle("warm:" + i, 10_000, EMPTY);
                }
                records.add(uncontended(contender, server, client));
                records.add(contended(contender, "c", server, List.of(client, client, client, client, client, client,
                        client, client)));
            }
            try (RedisServer server = RedisServer.start()) {
                List<LockClient> clients = new ArrayList<>();
                try {
                    for (int i = 0; i < 8; i++) {
                        clients.add(contender.open(server.port()));
                    }
                    for (LockClient client : clients) {
                        client.cycle("warm", 10_000, EMPTY);
                    }
                    records.add(contended(contender, "d", server, clients));
                }
                finally {
                    clients.forEach(LockClient::close);
                }
            }
            System.out.println("commands per cycle: " + contender + " done");
        }
        return records;
    }

    private static Map<String, Object> uncontended(Contender contender, RedisServer server, LockClient client)
            throws Exception {
        server.command("CONFIG", "RESETSTAT");
        try (MonitorTap tap = new MonitorTap(server.port())) {
            tap.start();
            for (int i = 0; i < UNCONTENDED_CYCLES; i++) {
                client.cycle("count:" + i, 10_000, EMPTY);
            }
            Thread.sleep(300);
            return record(contender, "a", UNCONTENDED_CYCLES, server, tap);
        }
    }

    private static Map<String, Object> contended(Contender contender, String scenario, RedisServer server,
            List<LockClient> clients) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder cycles = new LongAdder();
        CountDownLatch done = new CountDownLatch(8);
        server.command("CONFIG", "RESETSTAT");
        try (MonitorTap tap = new MonitorTap(server.port())) {
            tap.start();
            for (int t = 0; t < 8; t++) {
                LockClient client = clients.get(t);
                Thread thread = new Thread(() -> {
                    try {
                        while (running.get()) {
                            if (client.cycle("hot", 10_000, EMPTY)) {
                                cycles.increment();
                            }
                        }
                    }
                    catch (Exception ex) {
                        ex.printStackTrace();
                    }
                    finally {
                        done.countDown();
                    }
                }, "count-" + t);
                thread.start();
            }
            Thread.sleep(CONTENDED_MILLIS);
            running.set(false);
            done.await();
            Thread.sleep(300);
            return record(contender, scenario, cycles.sum(), server, tap);
        }
    }

    private static Map<String, Object> record(Contender contender, String scenario, long cycles, RedisServer server,
            MonitorTap tap) {
        Map<String, Long> stats = commandStats(server);
        Map<String, Double> perCycle = new TreeMap<>();
        long serverCommands = 0;
        for (Map.Entry<String, Long> entry : stats.entrySet()) {
            serverCommands += entry.getValue();
            perCycle.put(entry.getKey(), entry.getValue() / (double) cycles);
        }
        Map<String, Long> sent = tap.sent();
        long roundTrips = sent.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> sentPerCycle = new TreeMap<>();
        sent.forEach((command, calls) -> sentPerCycle.put(command, calls / (double) cycles));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("contender", contender.name());
        record.put("scenario", scenario);
        record.put("cycles", cycles);
        record.put("roundTripsPerCycle", roundTrips / (double) cycles);
        record.put("serverCommandsPerCycle", serverCommands / (double) cycles);
        record.put("sentPerCycle", sentPerCycle);
        record.put("commandstatsPerCycle", perCycle);
        return record;
    }

    /** {@code INFO commandstats} as calls by command, without the harness's own INFO and CONFIG. */
    static Map<String, Long> commandStats(RedisServer server) {
        Map<String, Long> calls = new TreeMap<>();
        Info.section(server, "commandstats").forEach((field, value) -> {
            String command = field.substring("cmdstat_".length());
            if (command.equals("info") || command.startsWith("config") || command.equals("monitor")) {
                return;
            }
            int start = value.indexOf("calls=") + "calls=".length();
            int end = value.indexOf(',', start);
            calls.put(command, Long.parseLong(value.substring(start, end)));
        });
        return calls;
    }
}
