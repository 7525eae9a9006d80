package io.distlock.test.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.distlock.test.redis.RedisServer;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each test breaks the shared server in another way; the next one must still find it running and empty. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisServerExtensionTest {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone(builder -> builder.config("maxmemory", "64mb"));

    private static int port;

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void writesAndKills() {
        RedisServer server = redis.server();
        port = server.port();
        assertThat((List<Object>) server.command("CONFIG", "GET", "maxmemory")).contains(Long.toString(64 * 1024 * 1024));
        server.command("SET", "left-over", "1");
        server.kill();
    }

    @Test
    @Order(2)
    void restartedAfterKillAndWritesAndPauses() {
        assertThat(redis.port()).isEqualTo(port);
        assertThat(redis.server().command("PING")).isEqualTo("PONG");
        redis.server().command("SET", "left-over", "2");
        redis.server().pause();
    }

    @Test
    @Order(3)
    void resumedAndFlushedAndStops() {
        assertThat(redis.server().isPaused()).isFalse();
        assertThat(redis.server().command("DBSIZE")).isEqualTo(0L);
        redis.server().command("SET", "left-over", "3");
        redis.server().stop();
    }

    @Test
    @Order(4)
    void restartedAfterStop() {
        assertThat(redis.server().isRunning()).isTrue();
        assertThat(redis.server().command("EXISTS", "left-over")).isEqualTo(0L);
        assertThat(redis.host()).isEqualTo("127.0.0.1");
    }
}
