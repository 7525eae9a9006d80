package io.distlock.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.distlock.benchmarks.clients.Contender;

/**
 * Turns the files of a run (benchmarks/results/) into the generated part of BENCHMARKS.md (between
 * {@value #BEGIN} and {@value #END}; the prose around it is kept), the chart, and, when asked,
 * the recorded ratios the regression check compares against. Numbers are only ever copied from
 * the result files.
 */
final class Report {

    static final String BEGIN = "<!-- generated:begin (java -jar benchmarks/target/benchmarks.jar report) -->";

    static final String END = "<!-- generated:end -->";

    private final Workspace workspace;

    private final Results results;

    private final List<JsonObject> extras;

    private final JsonArray commands;

    private final JsonArray watchdog;

    private final JsonObject machine;

    private Report(Workspace workspace) throws IOException {
        this.workspace = workspace;
        this.results = Results.read(workspace.jmhJson());
        this.extras = readLines(workspace.extras());
        this.commands = readArray(workspace.commands());
        this.watchdog = readArray(workspace.watchdog());
        this.machine = Files.exists(workspace.machine())
                ? JsonParser.parseString(Files.readString(workspace.machine())).getAsJsonObject() : new JsonObject();
    }

    /**
     * Writes BENCHMARKS.md's generated part and the chart; with {@code record}, also the recorded
     * ratios.
     */
    static void write(Workspace workspace, boolean record) throws IOException {
        Report report = new Report(workspace);
        if (record && !report.results.isEmpty()) {
            report.recordRatios();
        }
        String generated = report.markdown();
        Path md = workspace.benchmarksMd();
        String text = Files.exists(md) ? Files.readString(md) : "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            text = text + "\n" + BEGIN + "\n" + END + "\n";
            begin = text.indexOf(BEGIN);
            end = text.indexOf(END);
        }
        text = text.substring(0, begin + BEGIN.length()) + "\n" + generated + text.substring(end);
        Files.writeString(md, text, StandardCharsets.UTF_8);
        if (!report.results.isEmpty()) {
            Chart.write(report.results, workspace.chart(), report.chartSubtitle());
        }
        System.out.println("Wrote " + md + " and " + workspace.chart());
    }

    private void recordRatios() throws IOException {
        Properties ratios = new Properties();
        ratios.setProperty("a", format(this.results.ratio("a", Contender.DISTLOCK_TEMPLATE), 3));
        ratios.setProperty("c", format(this.results.ratio("c", Contender.DISTLOCK_TEMPLATE), 3));
        StringBuilder text = new StringBuilder();
        text.append("# distlock LockTemplate / raw Lettuce floor throughput ratios of the full run recorded in BENCHMARKS.md\n");
        text.append("# (scenario a: uncontended, 1 thread; scenario c: 8 threads on one key in one application).\n");
        text.append("# Written by `java -jar benchmarks/target/benchmarks.jar all`; read by `... regression`,\n");
        text.append("# which fails when a ratio drops more than 10 % below the value here.\n");
        text.append("a=").append(ratios.getProperty("a")).append('\n');
        text.append("c=").append(ratios.getProperty("c")).append('\n');
        Files.writeString(this.workspace.recordedRatios(), text.toString(), StandardCharsets.UTF_8);
    }

    private String chartSubtitle() {
        JsonObject versions = this.machine.has("versions") ? this.machine.getAsJsonObject("versions") : new JsonObject();
        return this.machine.has("cores") ? this.machine.get("cores").getAsInt() + " cores, "
                + string(this.machine, "jdk") + ", redis-server " + string(this.machine, "redisServer") + "; distlock "
                + string(versions, "distlock") + ", Redisson " + string(versions, "Redisson") + ", Spring Integration "
                + string(versions, "Spring Integration") + ", ShedLock " + string(versions, "ShedLock") : "";
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        machineSection(md);
        throughputTable(md);
        latencyTable(md);
        contendedTable(md);
        annotationTable(md);
        targetsTable(md);
        commandsTable(md);
        watchdogTable(md);
        recordedRatiosSection(md);
        return md.toString();
    }

    private void machineSection(StringBuilder md) {
        md.append("### Run\n\n");
        if (this.machine.size() == 0) {
            md.append("No machine description (benchmarks/results/machine.json) yet.\n\n");
            return;
        }
        md.append("| what | value |\n| --- | --- |\n");
        row(md, "machine", string(this.machine, "cores") + " cores (" + string(this.machine, "cpu") + "), "
                + string(this.machine, "memoryGiB") + " GiB, " + string(this.machine, "os"));
        row(md, "JDK", string(this.machine, "jdk"));
        row(md, "redis-server", string(this.machine, "redisServer"));
        if (this.machine.has("versions")) {
            this.machine.getAsJsonObject("versions").entrySet()
                .forEach((entry) -> row(md, entry.getKey(), entry.getValue().getAsString()));
        }
        row(md, "code measured", string(this.machine, "revision"));
        row(md, "command", "`" + string(this.machine, "command") + "`");
        row(md, "JMH settings", this.results.settings());
        row(md, "started / finished", string(this.machine, "started") + " / " + string(this.machine, "finished"));
        row(md, "load average (1/5/15 min) before / after", string(this.machine, "loadBefore") + " / "
                + string(this.machine, "loadAfter"));
        row(md, "other builds during the run", string(this.machine, "otherLoad"));
        md.append('\n');
    }

    private void throughputTable(StringBuilder md) {
        md.append("### Throughput: lock cycles per second (ratio to the raw floor)\n\n");
        md.append("Median of the measurement iterations (JMH Throughput mode); a cycle is acquire, an empty ");
        md.append("(a, b) or counter-incrementing (c, d) body, release.\n\n");
        header(md, "contender");
        for (Contender contender : Contender.values()) {
            md.append("| ").append(contender.label());
            for (String scenario : Results.SCENARIOS.keySet()) {
                double value = this.results.throughput(scenario, contender);
                md.append(" | ").append(Double.isNaN(value) ? "—"
                        : grouped(value) + " (" + format(this.results.ratio(scenario, contender), 2) + "×)");
            }
            md.append(" |\n");
        }
        md.append('\n');
    }

    private void latencyTable(StringBuilder md) {
        md.append("### Cycle latency: p50 / p99 in µs (p50 ratio to the raw floor)\n\n");
        md.append("JMH SampleTime mode, the whole cycle as the calling thread sees it (in c and d mostly waiting).\n\n");
        header(md, "contender");
        for (Contender contender : Contender.values()) {
            md.append("| ").append(contender.label());
            for (String scenario : Results.SCENARIOS.keySet()) {
                double p50 = this.results.percentile(scenario, contender, "50.0");
                double p99 = this.results.percentile(scenario, contender, "99.0");
                double floor = this.results.percentile(scenario, Contender.RAW_LETTUCE, "50.0");
                md.append(" | ").append(Double.isNaN(p50) ? "—"
                        : micros(p50) + " / " + micros(p99) + " (" + format(p50 / floor, 2) + "×)");
            }
            md.append(" |\n");
        }
        md.append('\n');
    }

    private void contendedTable(StringBuilder md) {
        md.append("### Contention (c, d): handoffs, acquire waits, fairness, mutual exclusion\n\n");
        md.append("From the Throughput-mode trials' measurement iterations. A handoff is a cycle whose holder is ");
        md.append("another thread than the previous holder. Acquire wait is the time from calling acquire to ");
        md.append("entering the critical section. Fairness is Jain's index over the threads' cycle counts ");
        md.append("(1 = all equal; 1/8 = one thread got everything). Mutual exclusion: a non-atomic counter ");
        md.append("incremented inside the lock equals the successful acquisitions, checked at the end of every trial ");
        md.append("(both modes).\n\n");
        md.append("| contender | scenario | handoffs/s | handoffs % of cycles | acquire wait p50 / p99 (µs) | ");
        md.append("fairness | min / max thread share | failed acquisitions | mutual exclusion |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (String scenario : List.of("c", "d")) {
            for (Contender contender : Contender.values()) {
                JsonObject thrpt = extra(scenario, contender, "thrpt");
                if (thrpt == null) {
                    continue;
                }
                double seconds = thrpt.get("measuredSeconds").getAsDouble();
                double cycles = thrpt.get("measuredCycles").getAsDouble();
                double handoffs = thrpt.get("measuredHandoffs").getAsDouble();
                md.append("| ").append(contender.label()).append(" | ").append(scenario).append(" | ");
                md.append(grouped(handoffs / seconds)).append(" | ");
                md.append(format(100 * handoffs / Math.max(1, cycles), 1)).append(" % | ");
                md.append(micros(thrpt.get("waitP50Micros").getAsDouble())).append(" / ")
                    .append(micros(thrpt.get("waitP99Micros").getAsDouble())).append(" | ");
                double[] perThread = perThread(thrpt);
                md.append(format(jain(perThread), 3)).append(" | ").append(shares(perThread)).append(" | ");
                long failed = 0;
                boolean exclusive = true;
                for (JsonObject record : extras(scenario, contender)) {
                    failed += record.get("failedAcquisitions").getAsLong();
                    exclusive &= record.get("mutualExclusion").getAsBoolean();
                }
                md.append(failed).append(" | ").append(exclusive ? "held" : "**VIOLATED**").append(" |\n");
            }
        }
        md.append('\n');
    }

    private void annotationTable(StringBuilder md) {
        md.append("### Annotation overhead: `@DistributedLock` bean method vs `LockTemplate.execute`\n\n");
        md.append("| scenario | throughput annotation / template | p50 annotation − template (µs) |\n| --- | --- | --- |\n");
        for (String scenario : Results.SCENARIOS.keySet()) {
            double ratio = this.results.throughput(scenario, Contender.DISTLOCK_ANNOTATION)
                    / this.results.throughput(scenario, Contender.DISTLOCK_TEMPLATE);
            double delta = this.results.percentile(scenario, Contender.DISTLOCK_ANNOTATION, "50.0")
                    - this.results.percentile(scenario, Contender.DISTLOCK_TEMPLATE, "50.0");
            md.append("| ").append(Results.TITLES.get(scenario)).append(" | ").append(format(ratio, 3))
                .append(" | ").append(format(delta, 1)).append(" |\n");
        }
        md.append('\n');
    }

    private void targetsTable(StringBuilder md) {
        md.append("### Targets (distlock LockTemplate)\n\n| target | measured | met |\n| --- | --- | --- |\n");
        Contender d = Contender.DISTLOCK_TEMPLATE;
        target(md, "(a) throughput ≥ 0.95 × floor", this.results.ratio("a", d), 0.95);
        target(md, "(b) throughput ≥ 0.90 × floor", this.results.ratio("b", d), 0.90);
        target(md, "(b) throughput ≥ 3 × Redisson",
                this.results.throughput("b", d) / this.results.throughput("b", Contender.REDISSON), 3);
        target(md, "(c) throughput ≥ 1.0 × floor", this.results.ratio("c", d), 1.0);
        JsonObject c = extra("c", d, "thrpt");
        if (c != null) {
            target(md, "(c) handoffs ≥ 50 % of cycles", c.get("measuredHandoffs").getAsDouble()
                    / Math.max(1, c.get("measuredCycles").getAsDouble()), 0.5);
            JsonObject floor = extra("c", Contender.RAW_LETTUCE, "thrpt");
            if (floor != null) {
                double ours = c.get("waitP99Micros").getAsDouble();
                double theirs = floor.get("waitP99Micros").getAsDouble();
                md.append("| (c) acquire-wait p99 ≤ floor's | ").append(micros(ours)).append(" µs vs ")
                    .append(micros(theirs)).append(" µs | ").append(ours <= theirs ? "yes" : "**no**").append(" |\n");
            }
        }
        target(md, "(d) throughput ≥ 0.9 × floor", this.results.ratio("d", d), 0.9);
        JsonObject dd = extra("d", d, "thrpt");
        if (dd != null) {
            target(md, "(d) fair: Jain's index ≥ 0.9", jain(perThread(dd)), 0.9);
        }
        md.append('\n');
    }

    private void commandsTable(StringBuilder md) {
        md.append("### Redis commands per cycle\n\n");
        md.append("Round trips are the commands clients sent (counted with `MONITOR`); server commands are ");
        md.append("`INFO commandstats` deltas, which also count what scripts ran. Measured outside JMH: 2,000 ");
        md.append("single-thread cycles on fresh keys (a), 3 s of 8 threads on one key of one client (c) and of ");
        md.append("8 clients with a thread each (d). In (c) and (d) `MONITOR` is attached and slows the server, so ");
        md.append("retry counts are indicative.\n\n");
        md.append("| contender | (a) round trips | (a) server commands | (c) round trips | (c) server commands | ");
        md.append("(d) round trips | (d) server commands |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Contender contender : Contender.values()) {
            if (command(contender, "a") == null) {
                continue;
            }
            md.append("| ").append(contender.label());
            for (String scenario : List.of("a", "c", "d")) {
                JsonObject record = command(contender, scenario);
                if (record == null) {
                    md.append(" | — | —");
                    continue;
                }
                md.append(" | ").append(format(record.get("roundTripsPerCycle").getAsDouble(), 2)).append(" (")
                    .append(breakdown(record.getAsJsonObject("sentPerCycle"))).append(")");
                md.append(" | ").append(format(record.get("serverCommandsPerCycle").getAsDouble(), 2)).append(": ")
                    .append(breakdown(record.getAsJsonObject("commandstatsPerCycle")));
            }
            md.append(" |\n");
        }
        md.append('\n');
    }

    private void watchdogTable(StringBuilder md) {
        md.append("### Watchdog cost: 10,000 held locks, 3 s lease, renewal due every 1 s\n\n");
        if (this.watchdog.isEmpty()) {
            md.append("Not measured.\n\n");
            return;
        }
        md.append("Measured over 5 s with nothing else running in the process; a round renews all 10,000 locks once ");
        md.append("(rounds are counted from the PEXPIREs the renewal scripts ran). Library threads are distlock's ");
        md.append("watchdog plus Lettuce's I/O threads, or Redisson's threads.\n\n");
        md.append("| library | rounds / s | script calls (round trips) per round | server commands per round | ");
        md.append("process CPU ms per round | library threads CPU ms per round | redis-server CPU ms per round | ");
        md.append("process CPU % of one core | all still held | time to take 10,000 locks |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (JsonElement element : this.watchdog) {
            JsonObject w = element.getAsJsonObject();
            md.append("| ").append(string(w, "library")).append(" | ");
            md.append(format(w.get("rounds").getAsDouble() / w.get("windowSeconds").getAsDouble(), 2)).append(" | ");
            md.append(format(w.get("scriptCallsPerRound").getAsDouble(), 1)).append(" | ");
            md.append(grouped(w.get("serverCommandsPerRound").getAsDouble())).append(": ")
                .append(breakdown(w.getAsJsonObject("commandsPerRound"))).append(" | ");
            md.append(format(w.get("processCpuMillisPerRound").getAsDouble(), 1)).append(" | ");
            md.append(format(w.get("libraryThreadsCpuMillisPerRound").getAsDouble(), 1)).append(" | ");
            md.append(format(w.get("redisCpuMillisPerRound").getAsDouble(), 1)).append(" | ");
            md.append(format(w.get("processCpuPercent").getAsDouble(), 1)).append(" % | ");
            md.append(w.get("allStillHeld").getAsBoolean() ? "yes" : "**no**").append(" | ");
            md.append(format(w.get("acquireSeconds").getAsDouble(), 2)).append(" s |\n");
        }
        md.append('\n');
    }

    private void recordedRatiosSection(StringBuilder md) {
        md.append("### Recorded ratios (`benchmarks/recorded-ratios.properties`)\n\n");
        Path file = this.workspace.recordedRatios();
        try {
            md.append("```properties\n").append(Files.exists(file) ? Files.readString(file) : "(none yet)\n")
                .append("```\n");
        }
        catch (IOException ex) {
            md.append("(unreadable: ").append(ex.getMessage()).append(")\n");
        }
    }

    private JsonObject extra(String scenario, Contender contender, String mode) {
        for (JsonObject record : extras(scenario, contender)) {
            if (record.get("mode").getAsString().equals(mode)) {
                return record;
            }
        }
        return null;
    }

    private List<JsonObject> extras(String scenario, Contender contender) {
        List<JsonObject> matching = new ArrayList<>();
        for (JsonObject record : this.extras) {
            if (record.get("benchmark").getAsString().endsWith("." + Results.SCENARIOS.get(scenario))
                    && record.get("contender").getAsString().equals(contender.name())) {
                matching.add(record);
            }
        }
        return matching;
    }

    private JsonObject command(Contender contender, String scenario) {
        for (JsonElement element : this.commands) {
            JsonObject record = element.getAsJsonObject();
            if (string(record, "contender").equals(contender.name()) && string(record, "scenario").equals(scenario)) {
                return record;
            }
        }
        return null;
    }

    private static double[] perThread(JsonObject record) {
        JsonArray values = record.has("cyclesPerThread") ? record.getAsJsonArray("cyclesPerThread") : new JsonArray();
        double[] counts = new double[values.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = values.get(i).getAsDouble();
        }
        return counts;
    }

    /** Jain's fairness index: (Σx)² / (n·Σx²). */
    static double jain(double[] values) {
        double sum = 0;
        double squares = 0;
        for (double value : values) {
            sum += value;
            squares += value * value;
        }
        return (values.length == 0 || squares == 0) ? Double.NaN : sum * sum / (values.length * squares);
    }

    private static String shares(double[] values) {
        double sum = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double value : values) {
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return (sum == 0) ? "—" : format(100 * min / sum, 1) + " % / " + format(100 * max / sum, 1) + " %";
    }

    private static void target(StringBuilder md, String target, double measured, double needed) {
        md.append("| ").append(target).append(" | ").append(format(measured, 3)).append(" | ")
            .append(Double.isNaN(measured) ? "not measured" : (measured >= needed) ? "yes" : "**no**").append(" |\n");
    }

    private static void header(StringBuilder md, String first) {
        md.append("| ").append(first);
        Results.TITLES.values().forEach((title) -> md.append(" | ").append(title));
        md.append(" |\n| ---");
        Results.TITLES.values().forEach((title) -> md.append(" | ---"));
        md.append(" |\n");
    }

    private static String breakdown(JsonObject perCycle) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : perCycle.entrySet()) {
            double value = entry.getValue().getAsDouble();
            if (value >= 0.005) {
                parts.add(entry.getKey() + " " + format(value, 2));
            }
        }
        return parts.isEmpty() ? "—" : String.join(", ", parts);
    }

    private static void row(StringBuilder md, String what, String value) {
        md.append("| ").append(what).append(" | ").append(value).append(" |\n");
    }

    private static String string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return (value == null || value.isJsonNull()) ? "—" : value.getAsString();
    }

    static String format(double value, int decimals) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String grouped(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "—" : (value >= 100) ? grouped(value) : format(value, 1);
    }

    private static List<JsonObject> readLines(Path file) throws IOException {
        List<JsonObject> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    lines.add(JsonParser.parseString(line).getAsJsonObject());
                }
            }
        }
        return lines;
    }

    private static JsonArray readArray(Path file) throws IOException {
        return Files.exists(file) ? JsonParser.parseString(Files.readString(file)).getAsJsonArray() : new JsonArray();
    }

    /** Writes {@code value} as pretty JSON to {@code file}. */
    static void writeJson(Path file, Object value) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, new com.google.gson.GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create().toJson(value), StandardCharsets.UTF_8);
    }

    /** Reads a JSON object file as a mutable map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readMap(Path file) throws IOException {
        return Files.exists(file) ? new Gson().fromJson(Files.readString(file), LinkedHashMap.class) : new LinkedHashMap<>();
    }
}
