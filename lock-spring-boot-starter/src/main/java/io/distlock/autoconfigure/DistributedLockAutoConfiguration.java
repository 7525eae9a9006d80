package io.distlock.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.distlock.LockListener;
import io.distlock.autoconfigure.redlock.DistributedLockRedlockConfiguration;
import io.distlock.LockTemplate;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.spi.LockBackend;

/**
 * Auto-configuration of distributed locks on the application's {@link RedisConnectionFactory}:
 * a {@link LockTemplate} and the {@link io.distlock.annotation.DistributedLock @DistributedLock}
 * annotation; Redlock instead when {@code distributed-lock.redlock.nodes} lists independent masters. Nothing touches Redis at start-up. Each bean backs off when the application defines
 * its own; {@code distributed-lock.enabled=false} switches everything off.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class)
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "distributed-lock.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DistributedLockProperties.class)
@Import({ DistributedLockRedlockConfiguration.class, DistributedLockAnnotationConfiguration.class })
public final class DistributedLockAutoConfiguration {

    DistributedLockAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(LockBackend.class)
    RedisLockBackend distributedLockBackend(RedisConnectionFactory connectionFactory,
            DistributedLockProperties properties) {
        return new RedisLockBackend(connectionFactory, properties.getKeyPrefix(), properties.getMinReplicasAcked(),
                properties.getReplicaAckTimeout());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(LockTemplate.class)
    DefaultLockTemplate lockTemplate(LockBackend backend, DistributedLockProperties properties,
            ObjectProvider<LockListener> listeners) {
        DefaultLockTemplate.Builder builder = DefaultLockTemplate.builder(backend)
            .defaultWaitTime(properties.getWaitTime())
            .leaseTime(properties.getLeaseTime())
            .maxHold(properties.getWatchdog().getMaxHold());
        listeners.orderedStream().forEach(builder::listener);
        return builder.build();
    }
}
