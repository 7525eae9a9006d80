package io.distlock.test.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

    @Test
    void redisServerOnPathIsPreferredOverTheBundledOne() {
        assumeTrue(System.getProperty(RedisBinary.PROPERTY) == null && System.getenv(RedisBinary.PROPERTY) == null);
        assumeTrue(System.getenv("PATH") != null && System.getenv("PATH").contains("/usr/bin"));
        RedisBinary resolved = RedisBinary.resolve();
        if (resolved.source().equals(RedisBinary.SOURCE_PATH)) {
            assertThat(resolved.path().getFileName().toString()).isEqualTo("redis-server");
            assertThat(resolved.majorVersion()).isGreaterThanOrEqualTo(6);
        } else {
            assertThat(resolved).isEqualTo(RedisBinary.bundled());
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
