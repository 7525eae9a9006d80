package io.distlock.autoconfigure;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Says at start-up which {@link io.distlock.annotation.DistributedLock @DistributedLock} methods
 * run without a lock, and why, so that locking is never silently off: active whatever the other
 * auto-configurations decided, {@code distributed-lock.enabled=false} included.
 */
@AutoConfiguration(after = DistributedLockAutoConfiguration.class)
public final class DistributedLockUnlockedMethodsAutoConfiguration {

    DistributedLockUnlockedMethodsAutoConfiguration() {
    }

    @Bean
    static UnlockedMethodsReporter distributedLockUnlockedMethodsReporter(ConfigurableListableBeanFactory beanFactory,
            Environment environment) {
        return new UnlockedMethodsReporter(beanFactory, environment);
    }
}
