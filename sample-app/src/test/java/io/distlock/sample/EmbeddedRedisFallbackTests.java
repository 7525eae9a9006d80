package io.distlock.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import io.distlock.sample.embedded.EmbeddedRedisEnvironmentPostProcessor;
import io.distlock.sample.embedded.RedisAddress;
import io.distlock.sample.orders.OrderService;
import io.distlock.test.junit.RedisServerExtension;
import io.distlock.test.redis.FreePorts;

/**
 * The shop starts a redis-server of its own only when nothing answers at the configured local
 * address, and stops it with the application.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedRedisFallbackTests {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    private static final Duration PROBE = Duration.ofMillis(500);

    @Test
    void startsAServerWhenNothingListensAndStopsItOnClose(CapturedOutput output) {
        int configuredPort = FreePorts.find();
        RedisAddress embedded;
        try (ConfigurableApplicationContext shop = RunningShop.startWithoutWeb("--spring.data.redis.port=" + configuredPort,
                "--sample.embedded-redis=true")) {
            Environment environment = shop.getEnvironment();
            embedded = new RedisAddress(environment.getProperty("spring.data.redis.host"),
                    environment.getProperty("spring.data.redis.port", Integer.class));
            // It takes the configured port, so a second instance started the same way shares it.
            assertThat(embedded.port()).isEqualTo(configuredPort);
            assertThat(embedded.isReachable(PROBE)).isTrue();
            try (ConfigurableApplicationContext second = RunningShop.startWithoutWeb(
                    "--spring.data.redis.port=" + configuredPort, "--sample.embedded-redis=true")) {
                assertThat(second.getEnvironment().getProperty(EmbeddedRedisEnvironmentPostProcessor.DESCRIPTION_PROPERTY))
                    .isNull();
            }
            assertThat(environment.getProperty(EmbeddedRedisEnvironmentPostProcessor.DESCRIPTION_PROPERTY))
                .startsWith("redis-server ");
            assertThat(output).contains("No Redis at 127.0.0.1:" + configuredPort + "; started embedded redis-server ")
                .contains(" on port " + embedded.port());

            shop.getBean(OrderService.class).restock("coffee-mug", 1);
            assertThat(shop.getBean(OrderService.class).purchase("coffee-mug", 1).stockLeft()).isZero();
        }
        assertThat(embedded.isReachable(PROBE)).as("stopped with the application").isFalse();
    }

    @Test
    void usesTheConfiguredRedisWhenItAnswers() {
        try (ConfigurableApplicationContext shop = RunningShop.startWithoutWeb("--spring.data.redis.port=" + redis.port(),
                "--sample.embedded-redis=true")) {
            assertThat(shop.getEnvironment().getProperty("spring.data.redis.port", Integer.class)).isEqualTo(redis.port());
            assertThat(shop.getEnvironment().containsProperty(EmbeddedRedisEnvironmentPostProcessor.DESCRIPTION_PROPERTY))
                .isFalse();
            assertThat(shop.getBean(OrderService.class).purchase("coffee-mug", 1).quantity()).isEqualTo(1);
        }
    }

    @Test
    void startsNothingWhenTurnedOff() {
        int configuredPort = FreePorts.find();
        try (ConfigurableApplicationContext shop = RunningShop.startWithoutWeb("--spring.data.redis.port=" + configuredPort,
                "--sample.embedded-redis=false")) {
            assertThat(shop.getEnvironment().getProperty("spring.data.redis.port", Integer.class)).isEqualTo(configuredPort);
            assertThat(shop.getEnvironment().containsProperty(EmbeddedRedisEnvironmentPostProcessor.DESCRIPTION_PROPERTY))
                .isFalse();
        }
    }
}
