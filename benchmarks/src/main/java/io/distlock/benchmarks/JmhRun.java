package io.distlock.benchmarks;

import java.nio.file.Path;
import java.util.Collection;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs JMH with this module's defaults (1 fork, 1 × 4 s warm-up, 2 × 3 s measurement, 1 GiB heap),
 * which JMH command-line options given by the user override, and JSON results in a file.
 */
final class JmhRun {

    private JmhRun() {
    }

    /**
     * @param args JMH command-line options (e.g. {@code -f 2 -i 3 -p contender=REDISSON -prof jfr})
     * @param defaultIncludes benchmark regexps used when {@code args} name none
     */
    static Collection<RunResult> run(String[] args, Path json, Path extras, String... defaultIncludes)
            throws CommandLineOptionException, RunnerException {
        CommandLineOptions cmd = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder();
        if (cmd.getIncludes().isEmpty()) {
            for (String include : defaultIncludes) {
                options.include(include);
            }
        }
        if (!cmd.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cmd.getWarmupIterations().hasValue()) {
            options.warmupIterations(1);
        }
        if (!cmd.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(4));
        }
        if (!cmd.getMeasurementIterations().hasValue()) {
            options.measurementIterations(2);
        }
        if (!cmd.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(3));
        }
        if (!cmd.getJvmArgsAppend().hasValue()) {
            options.jvmArgsAppend(PinnedRedis.forkArguments("-Xms1g", "-Xmx1g",
                    "-D" + Extras.PROPERTY + "=" + extras.toAbsolutePath()));
        }
        options.resultFormat(ResultFormatType.JSON).result(json.toAbsolutePath().toString());
        return new Runner(options.parent(cmd).build()).run();
    }
}
