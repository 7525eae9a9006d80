package io.distlock.test.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code redis-server} executable and its version.
 *
 * <p>{@link #resolve()} picks, in this order: the path in the system property or environment variable
 * {@value #PROPERTY}; {@code redis-server} on {@code PATH}; the binary shipped inside the
 * {@code com.github.codemonstur:embedded-redis} artifact ({@link #bundled()}). The property and {@code PATH}
 * are looked at on every call; only the version probe and the extraction of the bundled binary are cached.
 * The same executable also runs Sentinels ({@code --sentinel}).
 */
public final class RedisBinary {

    /** System property and environment variable naming the redis-server executable to use. */
    public static final String PROPERTY = "DISTLOCK_REDIS_SERVER";
    /** {@link #source()} of a binary named by {@value #PROPERTY}. */
    public static final String SOURCE_PROPERTY = PROPERTY;
    /** {@link #source()} of a binary found on {@code PATH}. */
    public static final String SOURCE_PATH = "PATH";
    /** {@link #source()} of the binary extracted from the embedded-redis artifact. */
    public static final String SOURCE_BUNDLED = "embedded-redis artifact";

    private static final System.Logger LOG = System.getLogger(RedisBinary.class.getName());
    private static final Pattern VERSION = Pattern.compile("v=(\\d+(?:\\.\\d+)*)");
    private static final ConcurrentMap<String, RedisBinary> KNOWN = new ConcurrentHashMap<>();
    private static volatile RedisBinary bundled;

    private final Path path;
    private final String source;
    private final String version;

    private volatile Boolean tls;

    private RedisBinary(Path path, String source, String version) {
        this.path = path;
        this.source = source;
        this.version = version;
    }

    /** The binary to use by default (see the class comment for the order). */
    public static RedisBinary resolve() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(PROPERTY);
        }
        if (configured != null && !configured.isBlank()) {
            return of(Path.of(configured.trim()), SOURCE_PROPERTY);
        }
        Path onPath = findOnPath("redis-server");
        if (onPath != null) {
            return of(onPath, SOURCE_PATH);
        }
        return bundled();
    }

    /** The binary shipped in the embedded-redis artifact, extracted once per JVM to a temporary directory. */
    public static RedisBinary bundled() {
        RedisBinary extracted = bundled;
        if (extracted == null) {
            synchronized (RedisBinary.class) {
                if (bundled == null) {
                    bundled = of(BundledRedisServer.extract(), SOURCE_BUNDLED);
                }
                extracted = bundled;
            }
        }
        return extracted;
    }

    /** A specific executable, e.g. a Redis build under test. */
    public static RedisBinary of(Path executable) {
        return of(executable, "explicit path");
    }

    /** Whether this binary was built with TLS (it accepts {@code tls-port}); probed once. */
    public boolean supportsTls() {
        Boolean supported = this.tls;
        if (supported == null) {
            try {
                // A TLS build accepts tls-port and then exits, having nothing to listen on.
                Process probe = new ProcessBuilder(this.path.toString(), "--port", "0", "--tls-port", "0")
                        .redirectErrorStream(true).start();
                String output = new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                probe.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                supported = output.contains("not listen anywhere");
            }
            catch (java.io.IOException ex) {
                supported = false;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                supported = false;
            }
            this.tls = supported;
        }
        return supported;
    }

    private static RedisBinary of(Path executable, String source) {
        Path absolute = executable.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute) || !Files.isExecutable(absolute)) {
            throw new IllegalStateException("redis-server from " + source + " is not an executable file: " + absolute);
        }
        return KNOWN.computeIfAbsent(source + "|" + absolute, key -> probe(absolute, source));
    }

    private static RedisBinary probe(Path path, String source) {
        RedisBinary binary = new RedisBinary(path, source, readVersion(path));
        LOG.log(Level.INFO, "Using redis-server {0} from {1}: {2}", binary.version, source, path);
        return binary;
    }

    /** The executable. */
    public Path path() {
        return path;
    }

    /** Where the binary came from: {@value #SOURCE_PROPERTY}, {@value #SOURCE_PATH} or {@value #SOURCE_BUNDLED}. */
    public String source() {
        return source;
    }

    /** The version reported by {@code redis-server --version}, e.g. {@code 7.0.15}. */
    public String version() {
        return version;
    }

    /** The major version, e.g. {@code 7}. */
    public int majorVersion() {
        int dot = version.indexOf('.');
        return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RedisBinary && ((RedisBinary) other).path.equals(path)
                && ((RedisBinary) other).source.equals(source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, source);
    }

    @Override
    public String toString() {
        return "redis-server " + version + " (" + source + ": " + path + ")";
    }

    private static Path findOnPath(String name) {
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return null;
        }
        for (String directory : pathVariable.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String readVersion(Path path) {
        try {
            Process process = new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Matcher matcher = VERSION.matcher(output);
            if (!matcher.find()) {
                throw new IllegalStateException(path + " --version printed no version: " + output.trim());
            }
            return matcher.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + path + " --version", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + path + " --version", e);
        }
    }
}
