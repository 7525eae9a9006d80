package io.distlock.test.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.distlock.test.redis.RedisServer;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A test that breaks the shared server (kills, pauses or stops it) leaves the next test a server
 * that runs and is empty. Each way of breaking it is a scenario of its own ({@link Scenarios}).
 */
class RedisServerExtensionTest {

    @Test
    void killedServerIsRestartedOnItsPortWithItsConfigAndEmpty() {
        Scenarios.assertAllPass(KilledServer.class, 2);
    }

    @Test
    void pausedServerIsResumedAndFlushed() {
        Scenarios.assertAllPass(PausedServer.class, 2);
    }

    @Test
    void stoppedServerIsRestartedAndEmpty() {
        Scenarios.assertAllPass(StoppedServer.class, 2);
    }

    @EnabledIf("io.distlock.test.junit.Scenarios#running")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class KilledServer {

        @RegisterExtension
        static final RedisServerExtension redis = RedisServerExtension.standalone(builder -> builder.config("maxmemory", "64mb"));

        private static int port;

        @Test
        @Order(1)
        void writesAndKills() {
            RedisServer server = redis.server();
            port = server.port();
            server.command("SET", "left-over", "1");
            server.kill();
        }

        @Test
        @Order(2)
        @SuppressWarnings("unchecked")
        void restartedOnTheSamePortWithTheSameConfigAndEmpty() {
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.server().command("PING")).isEqualTo("PONG");
            assertThat((List<Object>) redis.server().command("CONFIG", "GET", "maxmemory"))
                    .contains(Long.toString(64 * 1024 * 1024));
            assertThat(redis.server().command("EXISTS", "left-over")).isEqualTo(0L);
        }
    }

    @EnabledIf("io.distlock.test.junit.Scenarios#running")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PausedServer {

        @RegisterExtension
        static final RedisServerExtension redis = RedisServerExtension.standalone();

        @Test
        @Order(1)
        void writesAndPauses() {
            redis.server().command("SET", "left-over", "2");
            redis.server().pause();
        }

        @Test
        @Order(2)
        void resumedAndFlushed() {
            assertThat(redis.server().isPaused()).isFalse();
            assertThat(redis.server().command("DBSIZE")).isEqualTo(0L);
        }
    }

    @EnabledIf("io.distlock.test.junit.Scenarios#running")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class StoppedServer {

        @RegisterExtension
        static final RedisServerExtension redis = RedisServerExtension.standalone();

        @Test
        @Order(1)
        void writesAndStops() {
            redis.server().command("SET", "left-over", "3");
            redis.server().stop();
        }

        @Test
        @Order(2)
        void restartedAndEmpty() {
            assertThat(redis.server().isRunning()).isTrue();
            assertThat(redis.server().command("EXISTS", "left-over")).isEqualTo(0L);
            assertThat(redis.host()).isEqualTo("127.0.0.1");
        }
    }
}
