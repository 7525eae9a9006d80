package io.distlock.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.distlock.LockTemplate;

/**
 * Auto-configuration of distributed locks: a {@link LockTemplate} on the application's
 * {@link RedisConnectionFactory} (or on Redlock when {@code distributed-lock.redlock.nodes} lists
 * independent masters), and the {@link io.distlock.annotation.DistributedLock @DistributedLock}
 * annotation on whichever {@code LockTemplate} bean exists, the application's own included.
 * Nothing touches Redis at start-up. Each bean backs off when the application defines its own;
 * {@code distributed-lock.enabled=false} switches everything off.
 * <p>
 * The imports are in dependency order: each one's conditions see the beans of those before it.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "distributed-lock.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DistributedLockProperties.class)
@Import({ DistributedLockRedlockConfiguration.class, DistributedLockBackendConfiguration.class,
        DistributedLockTemplateConfiguration.class, DistributedLockAnnotationConfiguration.class })
public final class DistributedLockAutoConfiguration {

    DistributedLockAutoConfiguration() {
    }
}
