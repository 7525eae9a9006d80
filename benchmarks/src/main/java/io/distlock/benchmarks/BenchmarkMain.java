package io.distlock.benchmarks;

import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.distlock.benchmarks.clients.Contender;

import org.openjdk.jmh.results.RunResult;

/**
 * Entry point of {@code benchmarks/target/benchmarks.jar}; run from the repository root.
 *
 * <pre>
 * all [JMH options]   the full suite: JMH scenarios (a)-(d) for every contender, Redis commands per
 *                     cycle, watchdog cost; then BENCHMARKS.md, the chart and the recorded ratios
 *                     (--skip-jmh, --skip-commands, --skip-watchdog leave a part out)
 * regression [JMH options]  about a minute: (a) and (c), distlock vs the floor, against the recorded ratios
 * report              regenerates BENCHMARKS.md's tables and the chart from benchmarks/results/
 * commands            Redis commands per cycle only
 * watchdog            watchdog cost only
 * jmh [JMH options]   plain JMH (-l lists the benchmarks, -h shows the options)
 * </pre>
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        String command = (args.length > 0) ? args[0] : "help";
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        int exit = switch (command) {
            case "all" -> all(rest);
            case "regression" -> RegressionCheck.run(Workspace.detect(), rest);
            case "report" -> {
                Report.write(Workspace.detect(), false);
                yield 0;
            }
            case "commands" -> {
                Workspace workspace = Workspace.detect();
                Report.writeJson(workspace.commands(), CommandCount.measureAll(List.of(Contender.values())));
                yield 0;
            }
            case "watchdog" -> {
                Workspace workspace = Workspace.detect();
                Report.writeJson(workspace.watchdog(), WatchdogCost.measureAll());
                yield 0;
            }
            case "jmh" -> {
                org.openjdk.jmh.Main.main(rest);
                yield 0;
            }
            default -> {
                System.out.println("usage: java -jar benchmarks/target/benchmarks.jar "
                        + "all | regression | report | commands | watchdog | jmh [JMH options]");
                yield command.equals("help") ? 0 : 2;
            }
        };
        System.exit(exit);
    }

    private static int all(String[] args) throws Exception {
        Workspace workspace = Workspace.detect();
        List<String> jmhArgs = new ArrayList<>();
        boolean jmh = true;
        boolean commands = true;
        boolean watchdog = true;
        for (String arg : args) {
            switch (arg) {
                case "--skip-jmh" -> jmh = false;
                case "--skip-commands" -> commands = false;
                case "--skip-watchdog" -> watchdog = false;
                default -> jmhArgs.add(arg);
            }
        }
        Files.createDirectories(workspace.results());
        PinnedRedis.pin();
        Map<String, Object> machine = Report.readMap(workspace.machine());
        machine.putAll(Machine.describe());
        machine.put("command", ("java -jar benchmarks/target/benchmarks.jar all " + String.join(" ", args)).trim());
        machine.put("revision", Machine.revision(workspace.root));
        machine.put("started", now());
        machine.put("loadBefore", Machine.loadAverage());
        machine.put("otherLoad", OtherBuilds.describe());
        machine.remove("finished");
        machine.remove("loadAfter");
        Report.writeJson(workspace.machine(), machine);
        int exit = 0;
        OtherBuilds others = OtherBuilds.watch();
        if (jmh) {
            Files.deleteIfExists(workspace.extras());
            Collection<RunResult> results = JmhRun.run(jmhArgs.toArray(String[]::new), workspace.jmhJson(),
                    workspace.extras(), "UncontendedBenchmark", "ContendedBenchmark");
            System.out.println("JMH finished " + results.size() + " benchmark runs");
            Results.compact(workspace.jmhJson());
        }
        if (commands) {
            Report.writeJson(workspace.commands(), CommandCount.measureAll(List.of(Contender.values())));
        }
        if (watchdog) {
            Report.writeJson(workspace.watchdog(), WatchdogCost.measureAll());
        }
        machine.put("finished", now());
        machine.put("loadAfter", Machine.loadAverage());
        others.close();
        machine.put("otherLoad", others.summary());
        Report.writeJson(workspace.machine(), machine);
        Report.write(workspace, jmh);
        if (Files.exists(workspace.extras())
                && Files.readString(workspace.extras()).contains("\"mutualExclusion\":false")) {
            System.err.println("MUTUAL EXCLUSION VIOLATED in at least one trial: see " + workspace.extras());
            exit = 1;
        }
        return exit;
    }

    private static String now() {
        return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
