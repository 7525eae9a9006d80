package io.distlock.test.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.distlock.test.redis.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/** As an instance field the extension starts a fresh server per test and closes it afterwards. */
class RedisInstanceExtensionTest {

    @Test
    void eachTestGetsAFreshServerThatIsGoneAfterIt() {
        Scenarios.assertAllPass(TwoTests.class, 2);
    }

    @EnabledIf("io.distlock.test.junit.Scenarios#running")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class TwoTests {

        private static Path firstDirectory;

        @RegisterExtension
        final RedisServerExtension redis = RedisServerExtension.standalone();

        @AfterAll
        static void serverOfTheFirstTestIsGone() {
            assertThat(Files.exists(firstDirectory)).isFalse();
        }

        @Test
        @Order(1)
        void first() {
            RedisServer server = redis.server();
            firstDirectory = server.directory();
            server.command("SET", "key", "1");
        }

        @Test
        @Order(2)
        void second() {
            assertThat(Files.exists(firstDirectory)).isFalse();
            assertThat(redis.server().directory()).isNotEqualTo(firstDirectory);
            assertThat(redis.server().command("GET", "key")).isNull();
        }
    }
}
