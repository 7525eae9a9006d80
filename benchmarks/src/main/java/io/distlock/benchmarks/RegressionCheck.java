package io.distlock.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.distlock.benchmarks.clients.Contender;

/**
 * The short regression check: scenarios (a) and (c) for distlock's template and the raw floor in
 * one JMH run (Throughput mode, about a minute), and a failure when a distlock/floor ratio is more
 * than 10 % below the one recorded with the full run.
 */
final class RegressionCheck {

    static final double TOLERANCE = 0.10;

    private RegressionCheck() {
    }

    /** @return the process exit code: 0 when no ratio regressed, 1 otherwise */
    static int run(Workspace workspace, String[] jmhArgs) throws Exception {
        PinnedRedis.pin();
        Properties recorded = new Properties();
        try (Reader reader = Files.newBufferedReader(workspace.recordedRatios())) {
            recorded.load(reader);
        }
        Path dir = Files.createTempDirectory("distlock-regression");
        Path json = dir.resolve("jmh.json");
        String[] args = concat(new String[] { "-bm", "thrpt", "-p", "contender=DISTLOCK_TEMPLATE,RAW_LETTUCE" }, jmhArgs);
        JmhRun.run(args, json, dir.resolve("extras.jsonl"), "UncontendedBenchmark\\.oneThread$",
                "ContendedBenchmark\\.oneApp$");
        Results results = Results.read(json);
        boolean failed = false;
        System.out.println();
        System.out.println("distlock / floor throughput ratios (recorded -> now, floor of the check = recorded × "
                + (1 - TOLERANCE) + "):");
        for (String scenario : new String[] { "a", "c" }) {
            double before = Double.parseDouble(recorded.getProperty(scenario));
            double now = results.ratio(scenario, Contender.DISTLOCK_TEMPLATE);
            boolean regressed = !(now >= before * (1 - TOLERANCE));
            failed |= regressed;
            System.out.printf("  %s  %.3f -> %.3f  %s%n", Results.TITLES.get(scenario), before, now,
                    regressed ? "REGRESSED" : "ok");
        }
        System.out.println(failed ? "REGRESSION: a ratio dropped more than 10 % below BENCHMARKS.md" : "No regression.");
        deleteQuietly(dir);
        return failed ? 1 : 0;
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        }
        catch (IOException ex) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
