package io.distlock.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.distlock.test.tls.TestCertificates;

/**
 * One real {@code redis-server} (or Sentinel) process on a free 127.0.0.1 port, in its own temporary
 * directory, with fault injection: {@link #stop()}, {@link #kill()}, {@link #pause()} / {@link #resume()},
 * {@link #restart()}.
 *
 * <p>The server runs in the foreground with a generated {@code redis.conf} in {@link #directory()}:
 * {@code bind 127.0.0.1}, {@code protected-mode no}, {@code save ""}, {@code appendonly no}, so data is lost on
 * restart unless persistence is configured with {@link Builder#config}. Its output goes to
 * {@code redis.log} in the same directory ({@link #logTail(int)}). {@link #close()} kills the process and deletes
 * the directory; a JVM shutdown hook ({@link ProcessRegistry}) does the same for servers never closed.
 *
 * <p>Thread-safe: lifecycle methods are synchronized, {@link #command} calls are serialized over one cached
 * connection.
 */
public final class RedisServer implements AutoCloseable {

    /** The interface every test server binds to. */
    public static final String HOST = "127.0.0.1";
    /** Reply timeout of {@link #command(String...)}. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Default {@link Builder#startupTimeout}. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(RedisServer.class.getName());
    private static final int MAX_START_ATTEMPTS = 5;
    private static final int LOG_TAIL_LINES = 40;
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(250);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> CONNECTION_MODE_COMMANDS = Set.of("SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "MONITOR");

    private final RedisBinary binary;
    private final List<String> extraConfig;
    private final boolean sentinel;
    private final boolean clusterEnabled;
    private final int fixedPort;
    private final Duration startupTimeout;
    private final String[] authArguments;
    private final Path directory;
    private final Path configFile;
    private final Path logFile;

    private final Object clientLock = new Object();
    private RespClient client;

    private volatile int port;
    private volatile Process process;
    private volatile boolean paused;
    private volatile boolean closed;

    private RedisServer(Builder builder, Path directory) {
        this.binary = builder.binary == null ? RedisBinary.resolve() : builder.binary;
        this.extraConfig = List.copyOf(builder.configLines);
        this.sentinel = builder.sentinel;
        this.clusterEnabled = builder.clusterEnabled;
        this.fixedPort = builder.port;
        this.startupTimeout = builder.startupTimeout;
        this.authArguments = builder.authArguments();
        this.directory = directory;
        this.configFile = directory.resolve(sentinel ? "sentinel.conf" : "redis.conf");
        this.logFile = directory.resolve("redis.log");
    }

    /** Starts a standalone server with the {@linkplain RedisBinary#resolve() default binary} and the default config. */
    public static RedisServer start() {
        return builder().start();
    }

    /** A builder for a server with a chosen binary, extra config lines, a fixed port or another start-up timeout. */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- accessors

    /** Always {@value #HOST}. */
    public String host() {
        return HOST;
    }

    /** The client port (stays the same across {@link #restart()}). */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}. */
    public String address() {
        return HOST + ":" + port;
    }

    /** The binary this server runs. */
    public RedisBinary binary() {
        return binary;
    }

    /** Whether this is a Sentinel ({@code redis-server <conf> --sentinel}). */
    public boolean isSentinel() {
        return sentinel;
    }

    /** The process id of the current (or last) process. */
    public long pid() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(this + " has no process");
        }
        return current.pid();
    }

    /** Whether the process is alive (a paused process is alive). */
    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Whether the process is frozen by {@link #pause()}. */
    public boolean isPaused() {
        return paused && isRunning();
    }

    /** The temporary directory holding the config file, the log and any data files. */
    public Path directory() {
        return directory;
    }

    /** The generated config file ({@code redis.conf}, or {@code sentinel.conf} which Sentinel rewrites). */
    public Path configFile() {
        return configFile;
    }

    /** The last {@code lines} lines the server logged (across restarts). */
    public String logTail(int lines) {
        return LogFile.tail(logFile, lines);
    }

    // ---------------------------------------------------------------- faults

    /** Graceful stop: {@code SHUTDOWN NOSAVE} (plus {@code NOW} on Redis 7+), then waits for the process to exit. */
    public synchronized void stop() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            markExited();
            return;
        }
        resumeIfPaused();
        discardClient();
        requestShutdown(current);
        if (!waitForExit(current, EXIT_TIMEOUT)) {
            LOG.log(Level.WARNING, "{0} did not stop within {1} ms; killing it", this, EXIT_TIMEOUT.toMillis());
            ProcessRegistry.killTree(current);
        }
        markExited();
    }

    /** Crash: SIGKILL, then waits for the process to be gone. */
    public synchronized void kill() {
        Process current = process;
        if (current != null && current.isAlive()) {
            ProcessRegistry.killTree(current);
        }
        markExited();
    }

    /** Freezes the server with SIGSTOP: connections are accepted by the kernel but nothing is answered. */
    public synchronized void pause() {
        requireRunning("pause");
        if (!paused) {
            Signals.stop(pid());
            paused = true;
        }
    }

    /** Lets a {@linkplain #pause() paused} server continue (SIGCONT). */
    public synchronized void resume() {
        requireRunning("resume");
        resumeIfPaused();
    }

    /**
     * Starts the server again on the same port with the same config and waits until it answers PING.
     * A running server is {@linkplain #stop() stopped} first. Data is gone unless persistence was configured.
     */
    public synchronized void restart() {
        requireOpen();
        if (isRunning()) {
            stop();
        }
        launchWithRetries(false);
        LOG.log(Level.DEBUG, "Restarted {0}", this);
    }

    /** Brings a server broken by a test back: resumes it if paused, restarts it if stopped or killed. */
    public synchronized void ensureRunning() {
        requireOpen();
        if (isPaused()) {
            resume();
        }
        if (!isRunning()) {
            restart();
        }
    }

    /** {@code FLUSHALL} (fails with READONLY on a replica). */
    public void flushAll() {
        command("FLUSHALL");
    }

    // ---------------------------------------------------------------- commands

    /**
     * Sends one command and returns its reply, waiting at most {@link #DEFAULT_COMMAND_TIMEOUT}.
     * See {@link #command(Duration, String...)}.
     */
    public Object command(String... args) {
        return command(DEFAULT_COMMAND_TIMEOUT, args);
    }

    /**
     * Sends one command over this server's cached connection (opened, and authenticated if the server has a
     * password, on demand) and returns the reply: {@link String} for simple and bulk strings, {@link Long} for
     * integers, {@code List<Object>} for arrays, {@code null} for nil.
     *
     * <p>A cached connection the server has closed (e.g. by {@code CLIENT KILL}) is replaced and the command sent
     * again once. After a timeout or any other connection failure the connection is dropped.
     *
     * @throws RedisCommandException for an error reply
     * @throws UncheckedIOException  when the server cannot be reached or does not answer within {@code timeout}
     *                               (cause {@link SocketTimeoutException})
     */
    public Object command(Duration timeout, String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("No command given");
        }
        synchronized (clientLock) {
            boolean reused = client != null && !client.isClosed();
            Object reply;
            try {
                reply = sendOnce(timeout, args);
            } catch (UncheckedIOException e) {
                if (!reused || e.getCause() instanceof SocketTimeoutException) {
                    throw e;
                }
                reply = sendOnce(timeout, args);
            }
            if (CONNECTION_MODE_COMMANDS.contains(args[0].toUpperCase(Locale.ROOT))) {
                discardClient();
            }
            return reply;
        }
    }

    /** {@code INFO section} as text. */
    public String info(String section) {
        return (String) command("INFO", section);
    }

    /** One field of {@code INFO section}, e.g. {@code infoField("replication", "role")}; null if absent. */
    public String infoField(String section, String field) {
        return InfoFields.parse(info(section)).get(field);
    }

    // ---------------------------------------------------------------- close

    /** Kills the process (resuming it first if paused) and deletes the directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Process current = process;
        if (current != null && current.isAlive()) {
            try {
                resumeIfPaused();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "Cannot resume " + this + " before killing it", e);
            }
            ProcessRegistry.killTree(current);
        }
        markExited();
        ProcessRegistry.deleteDirectory(directory);
    }

    @Override
    public String toString() {
        Process current = process;
        return (sentinel ? "RedisSentinel[" : "RedisServer[") + address()
                + (current == null ? "" : ", pid " + current.pid()) + (isPaused() ? ", paused" : "") + "]";
    }

    // ---------------------------------------------------------------- internals

    private void startFresh() {
        launchWithRetries(fixedPort == 0);
        LOG.log(Level.DEBUG, "Started {0} ({1}) in {2}", this, binary, directory);
    }

    /**
     * Launches the process until it answers, retrying when the port is taken: on a new port if
     * {@code newPortPerAttempt} (first start on a free port), else on the same port after a short pause.
     */
    private void launchWithRetries(boolean newPortPerAttempt) {
        for (int attempt = 1; ; attempt++) {
            if (newPortPerAttempt || port == 0) {
                port = fixedPort != 0 ? fixedPort : clusterEnabled ? FreePorts.findWithClusterBus() : FreePorts.find();
                writeConfig();
            }
            if (launchAndAwaitReady()) {
                return;
            }
            if (attempt >= MAX_START_ATTEMPTS) {
                throw new RedisStartupException("redis-server could not bind port " + port + " after " + attempt
                        + " attempts (Address already in use). Log tail:\n" + logTail(LOG_TAIL_LINES));
            }
            LOG.log(Level.DEBUG, "Port {0} is in use, retrying (attempt {1})", port, attempt);
            if (!newPortPerAttempt) {
                Await.sleep(200L * attempt);
            }
        }
    }

    private void writeConfig() {
        deleteDataFilesOfFailedAttempt();
        List<String> lines = new ArrayList<>(RedisConfigFile.baseLines(port, directory));
        lines.addAll(extraConfig);
        RedisConfigFile.write(configFile, lines);
    }

    private void deleteDataFilesOfFailedAttempt() {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!file.equals(logFile)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean " + directory, e);
        }
    }

    /** @return true when the server answers, false when it exited because the port was in use */
    private boolean launchAndAwaitReady() {
        long logOffset = LogFile.size(logFile);
        Process started = launch();
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (true) {
            if (!started.isAlive()) {
                markExited();
                String output = LogFile.readFrom(logFile, logOffset);
                if (output.contains("Address already in use")) {
                    return false;
                }
                throw new RedisStartupException("redis-server exited with code " + started.exitValue()
                        + " while starting on port " + port + " (" + binary + "). Log tail:\n" + logTail(LOG_TAIL_LINES));
            }
            boolean aborting = LogFile.readFrom(logFile, logOffset).contains("Address already in use");
            if (!aborting && answersAs(started)) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                ProcessRegistry.killTree(started);
                markExited();
                throw new RedisStartupException("redis-server did not answer on port " + port + " within "
                        + startupTimeout.toMillis() + " ms (" + binary + "). Log tail:\n" + logTail(LOG_TAIL_LINES));
            }
            Await.sleep(20);
        }
    }

    private Process launch() {
        List<String> command = new ArrayList<>(List.of(binary.path().toString(), configFile.toString()));
        if (sentinel) {
            command.add("--sentinel");
        }
        try {
            Process started = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            ProcessRegistry.register(started);
            process = started;
            paused = false;
            return started;
        } catch (IOException e) {
            throw new RedisStartupException("Cannot run " + String.join(" ", command) + ": " + e);
        }
    }

    /** Whether the server on our port answers and is our process (not another server that owns the port). */
    private boolean answersAs(Process started) {
        try (RespClient probe = RespClient.connect(HOST, port, PROBE_TIMEOUT)) {
            authenticate(probe);
            String info = (String) probe.call("INFO", "server");
            String pid = InfoFields.parse(info).get("process_id");
            if (pid != null && Long.parseLong(pid) != started.pid()) {
                return false;
            }
            probe.call("PING");
            return true;
        } catch (UncheckedIOException notListeningYet) {
            return false;
        } catch (RedisCommandException e) {
            // NOAUTH, an ACL denial, ...: the server is up even if we may not look inside; LOADING: not yet.
            return !"LOADING".equals(e.errorCode()) && started.isAlive();
        }
    }

    private Object sendOnce(Duration timeout, String... args) {
        if (client == null || client.isClosed()) {
            client = RespClient.connect(HOST, port, timeout);
            try {
                authenticate(client);
            } catch (RuntimeException e) {
                discardClient();
                throw e;
            }
        }
        try {
            return client.call(timeout, args);
        } catch (UncheckedIOException e) {
            discardClient();
            throw e;
        }
    }

    private void authenticate(RespClient connection) {
        if (authArguments != null) {
            connection.call(authArguments);
        }
    }

    private void requestShutdown(Process current) {
        String[] shutdown = binary.majorVersion() >= 7 && !sentinel
                ? new String[] {"SHUTDOWN", "NOSAVE", "NOW"}
                : new String[] {"SHUTDOWN", "NOSAVE"};
        try (RespClient connection = RespClient.connect(HOST, port, DEFAULT_COMMAND_TIMEOUT)) {
            authenticate(connection);
            connection.call(shutdown);
        } catch (UncheckedIOException expected) {
            // the server closes the connection as it exits
        } catch (RedisCommandException refused) {
            LOG.log(Level.DEBUG, "{0} refused SHUTDOWN ({1}); sending SIGTERM", this, refused.getMessage());
            current.destroy();
        }
    }

    private void resumeIfPaused() {
        Process current = process;
        if (paused && current != null && current.isAlive()) {
            Signals.resume(current.pid());
        }
        paused = false;
    }

    private void markExited() {
        Process current = process;
        if (current != null && !current.isAlive()) {
            ProcessRegistry.unregister(current);
        }
        paused = false;
        discardClient();
    }

    private void discardClient() {
        synchronized (clientLock) {
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }

    private static boolean waitForExit(Process current, Duration timeout) {
        try {
            return current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !current.isAlive();
        }
    }

    private void requireRunning(String action) {
        requireOpen();
        if (!isRunning()) {
            throw new IllegalStateException("Cannot " + action + " " + this + ": it is not running");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    /** Configures and starts a {@link RedisServer}. */
    public static final class Builder {

        private RedisBinary binary;
        private final List<String> configLines = new ArrayList<>();
        private int port;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private boolean sentinel;
        private boolean clusterEnabled;
        private String requirePass;
        private String authUser;
        private String authPassword;

        private Builder() {
        }

        /** The executable to run (default {@link RedisBinary#resolve()}). */
        public Builder binary(RedisBinary binary) {
            this.binary = binary;
            return this;
        }

        /**
         * Adds a config-file line {@code name value...} after the defaults (so it overrides single-valued ones),
         * e.g. {@code config("requirepass", "secret")}, {@code config("save", "")},
         * {@code config("tls-port", "6390")}. Values are quoted as needed. A {@code requirepass} also makes the
         * harness's own connections authenticate.
         */
        public Builder config(String name, String... values) {
            configLines.add(RedisConfigFile.line(name, values));
            if (name.equalsIgnoreCase("requirepass") && values.length == 1) {
                requirePass = values[0];
            }
            if (name.equalsIgnoreCase("cluster-enabled") && values.length == 1) {
                clusterEnabled = values[0].equalsIgnoreCase("yes");
            }
            return this;
        }

        /**
         * Also listens with TLS on {@code tlsPort} (the plain port stays, for the harness), with
         * the given certificate; clients are not asked for certificates of their own. Needs a
         * binary built with TLS ({@link RedisBinary#supportsTls()}).
         */
        public Builder tls(TestCertificates certificates, int tlsPort) {
            config("tls-port", Integer.toString(tlsPort));
            config("tls-cert-file", certificates.certificate().toString());
            config("tls-key-file", certificates.privateKey().toString());
            config("tls-ca-cert-file", certificates.certificate().toString());
            return config("tls-auth-clients", "no");
        }

        /** Adds a config-file line verbatim (no quoting). */
        public Builder configLine(String line) {
            configLines.add(line);
            return this;
        }

        /** Uses a fixed port instead of a free one (no retry on another port if it is taken). */
        public Builder port(int port) {
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("Invalid port " + port);
            }
            this.port = port;
            return this;
        }

        /** How long to wait for the server to answer after launching it (default 10 s). */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /**
         * Credentials the harness uses for its own connections ({@link RedisServer#command}, readiness checks,
         * {@code SHUTDOWN}), e.g. when an ACL file disables the default user. {@code username} may be null.
         */
        public Builder clientAuth(String username, String password) {
            this.authUser = username;
            this.authPassword = password;
            return this;
        }

        /** Runs the binary as a Sentinel. */
        Builder sentinel() {
            this.sentinel = true;
            return this;
        }

        /** Starts the server and waits until it answers. */
        public RedisServer start() {
            RedisServer server = new RedisServer(this, TempDirectories.create(sentinel ? "distlock-sentinel-" : "distlock-redis-"));
            try {
                server.startFresh();
                return server;
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }

        private String[] authArguments() {
            if (authPassword != null) {
                return authUser == null ? new String[] {"AUTH", authPassword} : new String[] {"AUTH", authUser, authPassword};
            }
            return requirePass == null ? null : new String[] {"AUTH", requirePass};
        }
    }
}
