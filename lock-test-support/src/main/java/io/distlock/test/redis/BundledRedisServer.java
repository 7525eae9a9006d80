package io.distlock.test.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Extracts the {@code redis-server} build for this OS and CPU from the classpath resources of the
 * {@code com.github.codemonstur:embedded-redis} artifact (resource names as of version 1.4.3).
 */
final class BundledRedisServer {

    private BundledRedisServer() {
    }

    /** Copies the binary into a new temporary directory (deleted at JVM exit) and makes it executable. */
    static Path extract() {
        String resource = resourceName(System.getProperty("os.name"), System.getProperty("os.arch"));
        Path directory = TempDirectories.create("distlock-redis-bin-");
        Path target = directory.resolve("redis-server");
        try (InputStream in = open(resource)) {
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract " + resource + " from the embedded-redis artifact", e);
        }
        if (!target.toFile().setExecutable(true, true)) {
            throw new IllegalStateException("Cannot make " + target + " executable");
        }
        target.toFile().deleteOnExit();
        directory.toFile().deleteOnExit();
        return target;
    }

    /** The resource name of the binary for an {@code os.name} / {@code os.arch} pair. */
    static String resourceName(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        boolean x86 = arch.equals("x86") || arch.equals("i386") || arch.equals("i686");
        if (os.contains("linux")) {
            if (x64) {
                return "redis-server-6.2.6-v5-linux-amd64";
            }
            if (arm64) {
                return "redis-server-6.2.7-linux-arm64";
            }
            if (x86) {
                return "redis-server-6.2.7-linux-386";
            }
        } else if (os.contains("mac") || os.contains("darwin")) {
            if (x64) {
                return "redis-server-6.2.6-v5-darwin-amd64";
            }
            if (arm64) {
                return "redis-server-6.2.6-v5-darwin-arm64";
            }
        }
        throw new IllegalStateException("The embedded-redis artifact has no redis-server for " + osName + "/" + osArch
                + "; install redis-server or set " + RedisBinary.PROPERTY);
    }

    private static InputStream open(String resource) {
        ClassLoader loader = BundledRedisServer.class.getClassLoader();
        InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
        if (in == null) {
            in = ClassLoader.getSystemResourceAsStream(resource);
        }
        if (in == null) {
            throw new IllegalStateException("Resource " + resource + " not found: is com.github.codemonstur:embedded-redis on the class path?");
        }
        return in;
    }
}
