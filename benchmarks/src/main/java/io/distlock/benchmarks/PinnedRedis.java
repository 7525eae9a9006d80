package io.distlock.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import io.distlock.test.redis.RedisBinary;

/**
 * One {@code redis-server} for a whole run: the binary {@link RedisBinary#resolve()} picks at the
 * start is copied to a temporary directory and named by the {@value RedisBinary#PROPERTY} system
 * property, here and in every forked benchmark JVM, so that a package manager or a test elsewhere
 * on the machine changing {@code PATH}'s binary mid-run cannot mix server versions.
 */
final class PinnedRedis {

    private static volatile String origin;

    private PinnedRedis() {
    }

    /** Where the pinned binary was copied from, or {@code null} when not pinned here. */
    static String origin() {
        return origin;
    }

    /** Pins the binary for this JVM (idempotent). */
    static synchronized void pin() {
        if (System.getProperty(RedisBinary.PROPERTY) != null) {
            return;
        }
        RedisBinary binary = RedisBinary.resolve();
        Path source = binary.path().toAbsolutePath();
        try {
            Path dir = Files.createTempDirectory("distlock-bench-redis");
            Path copy = dir.resolve("redis-server");
            Files.copy(source.toRealPath(), copy, StandardCopyOption.COPY_ATTRIBUTES);
            copy.toFile().setExecutable(true);
            copy.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            System.setProperty(RedisBinary.PROPERTY, copy.toString());
            origin = source + " (" + binary.source() + ")";
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot copy " + source, ex);
        }
    }

    /** {@code arguments} plus the pinned binary's system property, when pinned. */
    static String[] forkArguments(String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        String pinned = System.getProperty(RedisBinary.PROPERTY);
        if (pinned != null) {
            all.add("-D" + RedisBinary.PROPERTY + "=" + pinned);
        }
        return all.toArray(String[]::new);
    }
}
