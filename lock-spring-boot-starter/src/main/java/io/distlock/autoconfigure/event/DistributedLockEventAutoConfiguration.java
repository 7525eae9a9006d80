package io.distlock.autoconfigure.event;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import io.distlock.LockTemplate;
import io.distlock.autoconfigure.DistributedLockAutoConfiguration;
import io.distlock.event.LockLostEvent;
import io.distlock.event.LockLostEventPublisher;

/**
 * Auto-configuration of lock events: a {@link LockLostEventPublisher} bean that publishes a
 * {@link LockLostEvent} when a held lock is lost. Being a {@link io.distlock.LockListener} bean,
 * it is registered on the auto-configured template along with every other listener bean.
 */
@AutoConfiguration(after = DistributedLockAutoConfiguration.class)
@ConditionalOnBean(LockTemplate.class)
public final class DistributedLockEventAutoConfiguration {

    DistributedLockEventAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    LockLostEventPublisher distributedLockLostEventPublisher(ApplicationEventPublisher applicationEventPublisher) {
        return new LockLostEventPublisher(applicationEventPublisher);
    }
}
