package io.distlock.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.distlock.LockListener;
import io.distlock.LockTemplate;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.spi.LockBackend;

/**
 * The {@link DefaultLockTemplate} on the lock backend, unless the application defines its own
 * {@link LockTemplate}, and the lifecycle that closes it, releasing its locks, before the Redis
 * connections stop. An application's own template is left to the application.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(LockBackend.class)
@ConditionalOnMissingBean(LockTemplate.class)
final class DistributedLockTemplateConfiguration {

    @Bean(destroyMethod = "close")
    DefaultLockTemplate lockTemplate(LockBackend backend, DistributedLockProperties properties,
            ObjectProvider<LockListener> listeners) {
        DefaultLockTemplate.Builder builder = DefaultLockTemplate.builder(backend)
            .defaultWaitTime(properties.getWaitTime())
            .leaseTime(properties.getLeaseTime())
            .maxHold(properties.getWatchdog().getMaxHold());
        listeners.orderedStream().forEach(builder::listener);
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    LockTemplateShutdownLifecycle lockTemplateShutdownLifecycle(DefaultLockTemplate lockTemplate) {
        return new LockTemplateShutdownLifecycle(lockTemplate);
    }
}
