package io.distlock.benchmarks;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Other builds and test JVMs on the machine (Maven, Surefire), which share its cores with a run:
 * sampled every few seconds while a run lasts, so that BENCHMARKS.md says whether, and when, the
 * run had company.
 */
final class OtherBuilds implements AutoCloseable {

    private static final long PERIOD_MILLIS = 5_000;

    private final Thread sampler;

    private volatile boolean running = true;

    private int samples;

    private int busy;

    private LocalTime firstBusy;

    private LocalTime lastBusy;

    private OtherBuilds() {
        this.sampler = new Thread(this::sample, "other-builds-sampler");
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    /** Starts sampling until {@link #close()}. */
    static OtherBuilds watch() {
        return new OtherBuilds();
    }

    private void sample() {
        while (this.running) {
            String now = describe();
            synchronized (this) {
                this.samples++;
                if (!now.equals("none seen")) {
                    this.busy++;
                    LocalTime time = LocalTime.now().truncatedTo(ChronoUnit.SECONDS);
                    this.firstBusy = (this.firstBusy != null) ? this.firstBusy : time;
                    this.lastBusy = time;
                }
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            }
            catch (InterruptedException ex) {
                return;
            }
        }
    }

    /** What the samples saw, for BENCHMARKS.md. */
    synchronized String summary() {
        if (this.busy == 0) {
            return "none seen in " + this.samples + " samples taken every 5 s";
        }
        return "seen in " + this.busy + " of " + this.samples + " samples taken every 5 s, between " + this.firstBusy
                + " and " + this.lastBusy + " (local time): the results of that stretch are disturbed";
    }

    @Override
    public void close() {
        this.running = false;
        this.sampler.interrupt();
    }

    /** The other builds running now. */
    static String describe() {
        long self = ProcessHandle.current().pid();
        List<String> others = ProcessHandle.allProcesses()
            .filter((process) -> process.pid() != self)
            .map((process) -> process.info().commandLine().orElse(""))
            .filter((line) -> line.contains("surefire") || line.contains("plexus-classworlds"))
            .map((line) -> line.contains("surefire") ? "surefire test JVM" : "Maven build")
            .toList();
        if (others.isEmpty()) {
            return "none seen";
        }
        long surefire = others.stream().filter((kind) -> kind.startsWith("surefire")).count();
        return (others.size() - surefire) + " Maven build(s), " + surefire + " Surefire test JVM(s) running";
    }
}
