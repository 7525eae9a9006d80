package io.distlock.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.distlock.LockOptions;
import io.distlock.LockTemplate;
import io.distlock.autoconfigure.DistributedLockAutoConfiguration;
import io.distlock.metrics.LockMeterNames;
import io.distlock.metrics.MicrometerLockListener;
import io.distlock.test.junit.RedisServerExtension;

/**
 * When lock metrics are auto-configured, that the listener is registered exactly once, and that
 * histograms are off unless Boot's distribution properties turn them on.
 */
class DistributedLockMetricsAutoConfigurationTests {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                DistributedLockAutoConfiguration.class, MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                DistributedLockMetricsAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=2s");

    @Test
    void registersTheListenerOnceOnTheAutoConfiguredTemplate() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(MicrometerLockListener.class);
            LockTemplate template = context.getBean(LockTemplate.class);
            for (int i = 0; i < 3; i++) {
                template.execute("orders:" + i, LockOptions.builder().name("orders").build(), (lock) -> null);
            }
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(LockMeterNames.ACQUIRE)
                .tags(LockMeterNames.LOCK_TAG, "orders", LockMeterNames.OUTCOME_TAG, LockMeterNames.ACQUIRED)
                .timer()
                .count()).isEqualTo(3);
            assertThat(registry.get(LockMeterNames.HELD)
                .tags(LockMeterNames.LOCK_TAG, "orders", LockMeterNames.OUTCOME_TAG, LockMeterNames.RELEASED)
                .timer()
                .count()).isEqualTo(3);
        });
    }

    @Test
    void backsOffWithoutAMeterRegistry() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                    DistributedLockAutoConfiguration.class, DistributedLockMetricsAutoConfiguration.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(LockTemplate.class)
                .doesNotHaveBean(MicrometerLockListener.class));
    }

    @Test
    void backsOffWithoutMicrometer() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                    DistributedLockAutoConfiguration.class, DistributedLockMetricsAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(LockTemplate.class)
                .doesNotHaveBean(MicrometerLockListener.class));
    }

    @Test
    void backsOffWithoutALockTemplate() {
        this.runner.withPropertyValues("distributed-lock.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(MeterRegistry.class)
                .doesNotHaveBean(MicrometerLockListener.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnListener() {
        this.runner.withBean("myLockMetrics", MicrometerLockListener.class,
                    () -> new MicrometerLockListener(new SimpleMeterRegistry()))
            .run((context) -> assertThat(context).hasSingleBean(MicrometerLockListener.class)
                .hasBean("myLockMetrics"));
    }

    @Test
    void publishesNoHistogramByDefault() {
        prometheusRunner().run((context) -> {
            lockOnce(context.getBean(LockTemplate.class));
            String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
            assertThat(scrape).contains("distributed_lock_acquire_seconds_count{lock=\"orders\",outcome=\"acquired\"")
                .doesNotContain("distributed_lock_acquire_seconds_bucket");
        });
    }

    @Test
    void publishesAHistogramWhenBootsDistributionPropertiesAskForOne() {
        prometheusRunner()
            .withPropertyValues("management.metrics.distribution.percentiles-histogram.distributed.lock.acquire=true")
            .run((context) -> {
                lockOnce(context.getBean(LockTemplate.class));
                String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
                assertThat(scrape)
                    .containsPattern("distributed_lock_acquire_seconds_bucket\\{lock=\"orders\",outcome=\"acquired\",le=\"\\+Inf\"\\} 1")
                    .doesNotContain("distributed_lock_held_seconds_bucket");
            });
    }

    private ApplicationContextRunner prometheusRunner() {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                    DistributedLockAutoConfiguration.class, MetricsAutoConfiguration.class,
                    PrometheusMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    DistributedLockMetricsAutoConfiguration.class))
            .withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=2s");
    }

    private static void lockOnce(LockTemplate template) {
        template.execute("orders:1", LockOptions.builder().name("orders").build(), (lock) -> null);
    }
}
