package io.distlock.test.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which redis-server {@link RedisBinary#resolve()} picks: the property, then {@code PATH}, then the bundled one. */
class RedisBinaryResolveTest {

    private String previous;

    @BeforeEach
    void rememberProperty() {
        previous = System.getProperty(RedisBinary.PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (previous == null) {
            System.clearProperty(RedisBinary.PROPERTY);
        } else {
            System.setProperty(RedisBinary.PROPERTY, previous);
        }
    }

    @Test
    void systemPropertyWinsAndIsReadOnEveryCall() {
        RedisBinary bundled = RedisBinary.bundled();
        System.setProperty(RedisBinary.PROPERTY, bundled.path().toString());

        RedisBinary resolved = RedisBinary.resolve();

        assertThat(resolved.source()).isEqualTo(RedisBinary.SOURCE_PROPERTY);
        assertThat(resolved.path()).isEqualTo(bundled.path());
        assertThat(resolved.version()).isEqualTo(bundled.version());

        System.clearProperty(RedisBinary.PROPERTY);
        assumeTrue(System.getenv(RedisBinary.PROPERTY) == null, "environment variable overrides PATH");
        assertThat(RedisBinary.resolve().source()).isIn(RedisBinary.SOURCE_PATH, RedisBinary.SOURCE_BUNDLED);
    }

    /**
     * Resolution runs in a child JVM whose {@code PATH} the test sets, so the outcome is known
     * beforehand, whatever this machine has installed: a {@code redis-server} on {@code PATH} wins.
     */
    @Test
    void redisServerOnPathIsPreferredOverTheBundledOne(@TempDir Path bin) throws Exception {
        Path onPath = Files.createSymbolicLink(bin.resolve("redis-server"), RedisBinary.bundled().path());
        Map<String, String> resolved = resolveInChildWithPath(bin);
        assertThat(resolved).containsEntry("source", RedisBinary.SOURCE_PATH)
                .containsEntry("path", onPath.toAbsolutePath().normalize().toString());
    }

    @Test
    void withoutRedisServerOnPathTheBundledOneIsUsed(@TempDir Path emptyBin) {
        Map<String, String> resolved = resolveInChildWithPath(emptyBin);
        assertThat(resolved).containsEntry("source", RedisBinary.SOURCE_BUNDLED);
        assertThat(resolved.get("path")).endsWith("redis-server").doesNotStartWith(emptyBin.toString());
    }

    /** Runs {@link RedisBinary#resolve()} in a child JVM with only {@code directory} on its PATH and no override. */
    private static Map<String, String> resolveInChildWithPath(Path directory) {
        try (ChildJvm child = ChildJvm.builder(ResolvingMain.class).environment("PATH", directory.toString())
                .environment(RedisBinary.PROPERTY, "").start()) {
            child.awaitLine((line) -> line.startsWith("path "), Duration.ofSeconds(30));
            Map<String, String> resolved = new HashMap<>();
            for (String line : child.lines()) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    resolved.put(line.substring(0, space), line.substring(space + 1));
                }
            }
            return resolved;
        }
    }

    @Test
    void aPropertyNamingNoExecutableFails() {
        System.setProperty(RedisBinary.PROPERTY, "/no/such/redis-server");
        assertThatThrownBy(RedisBinary::resolve)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/no/such/redis-server");
    }
}
