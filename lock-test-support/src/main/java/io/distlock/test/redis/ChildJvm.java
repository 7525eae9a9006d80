package io.distlock.test.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code main} class running in a new JVM with the current class path ({@code java.class.path}) and the same
 * {@code java} executable. Its stdout is read line by line ({@link #lines()}, {@link #awaitLine}); its stderr goes
 * to a log file whose tail is included in failure messages. It can be killed (SIGKILL), frozen (SIGSTOP) and
 * resumed (SIGCONT). {@link #close()} and a JVM shutdown hook kill it (and anything it started) if still alive.
 */
public final class ChildJvm implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChildJvm.class.getName());
    private static final int TAIL_LINES = 30;

    private final String mainClassName;
    private final Process process;
    private final Path directory;
    private final Path stderrFile;
    private final List<String> stdout = new ArrayList<>();
    private boolean stdoutClosed;
    private volatile boolean paused;
    private volatile boolean closed;

    private ChildJvm(String mainClassName, Process process, Path directory, Path stderrFile) {
        this.mainClassName = mainClassName;
        this.process = process;
        this.directory = directory;
        this.stderrFile = stderrFile;
        Thread reader = new Thread(this::readStdout, "child-jvm-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with {@code args} in a new JVM. */
    public static ChildJvm start(Class<?> mainClass, String... args) {
        return builder(mainClass).args(args).start();
    }

    /** A builder to add arguments, system properties and JVM options. */
    public static Builder builder(Class<?> mainClass) {
        return new Builder(mainClass.getName());
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** The stdout lines read so far. */
    public List<String> lines() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    /**
     * Returns the first stdout line (already read or still to come) that matches, waiting up to {@code timeout}.
     *
     * @throws IllegalStateException on timeout, or when the child's stdout ends (it exited) without a match; the
     *                               message holds the last stdout and stderr lines
     */
    public String awaitLine(Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        synchronized (stdout) {
            while (true) {
                for (; checked < stdout.size(); checked++) {
                    if (match.test(stdout.get(checked))) {
                        return stdout.get(checked);
                    }
                }
                if (stdoutClosed) {
                    throw failure("exited (stdout closed) before printing a matching line");
                }
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis <= 0) {
                    throw failure("printed no matching line within " + timeout.toMillis() + " ms");
                }
                try {
                    stdout.wait(remainingMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for output of " + this, e);
                }
            }
        }
    }

    /** SIGKILL; waits until the process is gone. Processes the child started are left alone (as in a real crash). */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
        ProcessRegistry.unregister(process);
        paused = false;
    }

    /** Freezes the child (SIGSTOP). */
    public void pause() {
        requireAlive("pause");
        Signals.stop(pid());
        paused = true;
    }

    /** Lets a paused child continue (SIGCONT). */
    public void resume() {
        requireAlive("resume");
        Signals.resume(pid());
        paused = false;
    }

    /** Whether the child is frozen by {@link #pause()}. */
    public boolean isPaused() {
        return paused && isAlive();
    }

    /**
     * Waits for the child to exit and returns its exit code.
     *
     * @throws IllegalStateException if it is still running after {@code timeout}
     */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw failure("did not exit within " + timeout.toMillis() + " ms");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + this, e);
        }
    }

    /** Whether the process is alive (a paused process is alive). */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file the child's stderr goes to (deleted by {@link #close()}). */
    public Path stderrFile() {
        return stderrFile;
    }

    /** The last {@code lines} lines of the child's stderr. */
    public String stderrTail(int lines) {
        return LogFile.tail(stderrFile, lines);
    }

    /** Kills the child and everything it started if still alive, and deletes its stderr log. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (process.isAlive()) {
            ProcessRegistry.killTree(process);
        }
        ProcessRegistry.unregister(process);
        ProcessRegistry.deleteDirectory(directory);
    }

    @Override
    public String toString() {
        return "ChildJvm[" + mainClassName + ", pid " + process.pid() + "]";
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), Charset.defaultCharset()))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (stdout) {
                    stdout.add(line);
                    stdout.notifyAll();
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Stopped reading stdout of " + this, e);
        } finally {
            synchronized (stdout) {
                stdoutClosed = true;
                stdout.notifyAll();
            }
        }
    }

    private IllegalStateException failure(String what) {
        List<String> lines = lines();
        String lastStdout = String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        String exit = process.isAlive() ? "still running" : "exit code " + process.exitValue();
        return new IllegalStateException(this + " " + what + " (" + exit + ").\n--- last stdout lines ---\n" + lastStdout
                + "\n--- last stderr lines ---\n" + stderrTail(TAIL_LINES));
    }

    private void requireAlive(String action) {
        if (!process.isAlive()) {
            throw new IllegalStateException("Cannot " + action + " " + this + ": it is not running");
        }
    }

    /** Configures and starts a {@link ChildJvm}. */
    public static final class Builder {

        private final String mainClassName;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String classPath = System.getProperty("java.class.path");

        private Builder(String mainClassName) {
            this.mainClassName = mainClassName;
        }

        /** Adds program arguments. */
        public Builder args(String... args) {
            this.args.addAll(List.of(args));
            return this;
        }

        /** Adds {@code -Dname=value}. */
        public Builder systemProperty(String name, String value) {
            systemProperties.put(name, value);
            return this;
        }

        /** Adds a JVM option, e.g. {@code -Xmx128m}. */
        public Builder jvmArg(String jvmArg) {
            jvmArgs.add(jvmArg);
            return this;
        }

        /** Sets an environment variable of the child (it inherits the others). */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Replaces the class path (default: this JVM's {@code java.class.path}). */
        public Builder classPath(String classPath) {
            this.classPath = classPath;
            return this;
        }

        /** Starts the child JVM. */
        public ChildJvm start() {
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.addAll(jvmArgs);
            systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
            command.add("-cp");
            command.add(classPath);
            command.add(mainClassName);
            command.addAll(args);
            Path directory = TempDirectories.create("distlock-child-jvm-");
            Path stderrFile = directory.resolve("stderr.log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(stderrFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            try {
                Process process = builder.start();
                ProcessRegistry.register(process);
                LOG.log(Level.DEBUG, "Started child JVM {0} (pid {1})", mainClassName, process.pid());
                return new ChildJvm(mainClassName, process, directory, stderrFile);
            } catch (IOException e) {
                ProcessRegistry.deleteDirectory(directory);
                throw new UncheckedIOException("Cannot start " + String.join(" ", command), e);
            }
        }

        private static String javaExecutable() {
            Path fromJavaHome = Path.of(System.getProperty("java.home"), "bin", "java");
            if (fromJavaHome.toFile().canExecute()) {
                return fromJavaHome.toString();
            }
            return ProcessHandle.current().info().command()
                    .orElseThrow(() -> new IllegalStateException("Cannot find the java executable of this JVM"));
        }
    }
}
