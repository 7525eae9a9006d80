package io.distlock.test.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Runs the redis-server shipped in the embedded-redis artifact even though another one may be on PATH. */
class BundledRedisBinaryTest {

    @Test
    void bundledBinaryIsExtractedAndExecutable() {
        RedisBinary bundled = RedisBinary.bundled();
        assertThat(bundled.source()).isEqualTo(RedisBinary.SOURCE_BUNDLED);
        assertThat(Files.isExecutable(bundled.path())).isTrue();
        assertThat(bundled.majorVersion()).isEqualTo(6);
        assertThat(bundled.version()).startsWith("6.2.");
        assertThat(RedisBinary.bundled()).isSameAs(bundled);
    }

    @Test
    void bundledServerRunsPausesAndRestarts() {
        try (RedisServer server = RedisServer.builder().binary(RedisBinary.bundled()).start()) {
            assertThat(server.infoField("server", "redis_version")).startsWith("6.2.");
            assertThat(server.command("PING")).isEqualTo("PONG");
            server.command("SET", "key", "value");

            server.pause();
            assertThatThrownBy(() -> server.command(Duration.ofMillis(300), "PING")).isInstanceOf(UncheckedIOException.class);
            server.resume();
            assertThat(server.command("GET", "key")).isEqualTo("value");

            int port = server.port();
            server.restart();
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.command("GET", "key")).isNull();
        }
    }

    @Test
    void bundledBinaryFormsAClusterWithAddslots() {
        try (RedisClusterGroup cluster = RedisClusterGroup.start(RedisBinary.bundled(), 3, 0, node -> { })) {
            RedisServer owner = cluster.masterForSlot(RedisClusterGroup.slot("key"));
            assertThat(owner.infoField("server", "redis_version")).startsWith("6.2.");
            assertThat(owner.command("SET", "key", "value")).isEqualTo("OK");
            assertThat(owner.infoField("cluster", "cluster_enabled")).isEqualTo("1");
        }
    }

    @Test
    void bundledResourceNamesCoverCommonPlatforms() {
        assertThat(BundledRedisServer.resourceName("Linux", "amd64")).isEqualTo("redis-server-6.2.6-v5-linux-amd64");
        assertThat(BundledRedisServer.resourceName("Mac OS X", "aarch64")).isEqualTo("redis-server-6.2.6-v5-darwin-arm64");
        assertThat(BundledRedisServer.resourceName("Linux", "aarch64")).isEqualTo("redis-server-6.2.7-linux-arm64");
        assertThatThrownBy(() -> BundledRedisServer.resourceName("Windows 11", "amd64")).isInstanceOf(IllegalStateException.class);
        for (String resource : new String[] {"redis-server-6.2.6-v5-linux-amd64", "redis-server-6.2.6-v5-darwin-arm64",
                "redis-server-6.2.6-v5-darwin-amd64", "redis-server-6.2.7-linux-arm64", "redis-server-6.2.7-linux-386"}) {
            assertThat(getClass().getClassLoader().getResource(resource)).as(resource).isNotNull();
        }
    }
}
