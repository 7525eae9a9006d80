package io.distlock.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.distlock.LockTemplate;
import io.distlock.autoconfigure.DistributedLockAutoConfiguration;
import io.distlock.metrics.MicrometerLockListener;

/**
 * Auto-configuration of lock metrics: a {@link MicrometerLockListener} bean, when the application
 * has a {@link MeterRegistry} and a {@link LockTemplate}. Being a
 * {@link io.distlock.LockListener} bean, it is registered on the auto-configured template along
 * with every other listener bean.
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
        DistributedLockAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, LockTemplate.class })
public final class DistributedLockMetricsAutoConfiguration {

    DistributedLockMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MicrometerLockListener distributedLockMetricsListener(MeterRegistry meterRegistry) {
        return new MicrometerLockListener(meterRegistry);
    }
}
