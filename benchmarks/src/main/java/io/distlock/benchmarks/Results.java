package io.distlock.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.distlock.benchmarks.clients.Contender;

/**
 * The JMH results of a run (JSON written with {@code -rf json}) by scenario and contender:
 * throughput in cycles per second (median over measurement iterations) and SampleTime
 * percentiles in microseconds.
 */
final class Results {

    /** The scenarios, in report order, and the benchmark methods that measure them. */
    static final Map<String, String> SCENARIOS = new LinkedHashMap<>();

    /** Short descriptions of the scenarios. */
    static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        SCENARIOS.put("a", "UncontendedBenchmark.oneThread");
        SCENARIOS.put("b", "UncontendedBenchmark.threads16");
        SCENARIOS.put("c", "ContendedBenchmark.oneApp");
        SCENARIOS.put("d", "ContendedBenchmark.independentClients");
        TITLES.put("a", "(a) uncontended, 1 thread");
        TITLES.put("b", "(b) uncontended, 16 threads");
        TITLES.put("c", "(c) 8 threads, 1 key, 1 app");
        TITLES.put("d", "(d) 8 clients, 1 key");
    }

    private final Map<String, Double> throughput = new HashMap<>();

    private final Map<String, Map<String, Double>> percentiles = new HashMap<>();

    private final JsonObject first;

    private Results(JsonArray runs) {
        this.first = runs.isEmpty() ? null : runs.get(0).getAsJsonObject();
        for (JsonElement element : runs) {
            JsonObject run = element.getAsJsonObject();
            String scenario = scenarioOf(run.get("benchmark").getAsString());
            if (scenario == null) {
                continue;
            }
            String contender = run.getAsJsonObject("params").get("contender").getAsString();
            JsonObject metric = run.getAsJsonObject("primaryMetric");
            double perUnit = perSecond(metric.get("scoreUnit").getAsString());
            String key = scenario + "/" + contender;
            if (run.get("mode").getAsString().equals("thrpt")) {
                this.throughput.put(key, median(metric.getAsJsonArray("rawData")) * perUnit);
            }
            else if (run.get("mode").getAsString().equals("sample")) {
                Map<String, Double> micros = new LinkedHashMap<>();
                double toMicros = 1e6 / perUnit;
                metric.getAsJsonObject("scorePercentiles")
                    .entrySet()
                    .forEach((entry) -> micros.put(entry.getKey(), entry.getValue().getAsDouble() * toMicros));
                this.percentiles.put(key, micros);
            }
        }
    }

    /**
     * Drops the raw sample histograms (megabytes of SampleTime buckets) from a JMH JSON file; the
     * scores, percentiles and per-iteration throughput stay.
     */
    static void compact(Path json) throws IOException {
        if (!Files.exists(json)) {
            return;
        }
        JsonArray runs = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
        for (JsonElement run : runs) {
            JsonObject metric = run.getAsJsonObject().getAsJsonObject("primaryMetric");
            metric.remove("rawDataHistogram");
        }
        Files.writeString(json, new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(runs));
    }

    static Results read(Path json) throws IOException {
        if (!Files.exists(json)) {
            return new Results(new JsonArray());
        }
        return new Results(JsonParser.parseString(Files.readString(json)).getAsJsonArray());
    }

    private static String scenarioOf(String benchmark) {
        for (Map.Entry<String, String> entry : SCENARIOS.entrySet()) {
            if (benchmark.endsWith("." + entry.getValue())) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** How many of "per unit" make a second: ops/ms -> 1000; for ms/op it is the same factor. */
    private static double perSecond(String unit) {
        String time = unit.contains("/op") ? unit.substring(0, unit.indexOf('/')) : unit.substring(unit.indexOf('/') + 1);
        return switch (time) {
            case "s" -> 1;
            case "ms" -> 1e3;
            case "us" -> 1e6;
            case "ns" -> 1e9;
            default -> throw new IllegalArgumentException("Unknown unit " + unit);
        };
    }

    private static double median(JsonArray rawData) {
        List<Double> values = new ArrayList<>();
        for (JsonElement fork : rawData) {
            for (JsonElement value : fork.getAsJsonArray()) {
                values.add(value.getAsDouble());
            }
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int middle = sorted.length / 2;
        return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    boolean isEmpty() {
        return this.throughput.isEmpty() && this.percentiles.isEmpty();
    }

    /** Cycles per second, or NaN when not measured. */
    double throughput(String scenario, Contender contender) {
        return this.throughput.getOrDefault(scenario + "/" + contender.name(), Double.NaN);
    }

    /** A SampleTime percentile ("50.0", "99.0") in microseconds, or NaN. */
    double percentile(String scenario, Contender contender, String percentile) {
        Map<String, Double> values = this.percentiles.get(scenario + "/" + contender.name());
        return (values != null) ? values.getOrDefault(percentile, Double.NaN) : Double.NaN;
    }

    /** Throughput relative to the raw floor in the same scenario. */
    double ratio(String scenario, Contender contender) {
        return throughput(scenario, contender) / throughput(scenario, Contender.RAW_LETTUCE);
    }

    /** The JMH settings of the run: forks, warm-up and measurement iterations and times. */
    String settings() {
        if (this.first == null) {
            return "no JMH results";
        }
        return "JMH " + this.first.get("jmhVersion").getAsString() + ", " + this.first.get("forks").getAsInt()
                + " fork, warm-up " + this.first.get("warmupIterations").getAsInt() + " × "
                + this.first.get("warmupTime").getAsString() + ", measurement "
                + this.first.get("measurementIterations").getAsInt() + " × "
                + this.first.get("measurementTime").getAsString() + ", JVM args "
                + Arrays.toString(new com.google.gson.Gson().fromJson(this.first.get("jvmArgs"), String[].class));
    }
}
