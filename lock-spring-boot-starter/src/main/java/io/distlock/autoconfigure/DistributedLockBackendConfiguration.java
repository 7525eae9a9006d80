package io.distlock.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.distlock.redis.RedisLockBackend;
import io.distlock.spi.LockBackend;

/**
 * The single-Redis lock backend, on the application's {@link RedisConnectionFactory}, unless
 * there is another backend (Redlock, or the application's own).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(RedisConnectionFactory.class)
final class DistributedLockBackendConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(LockBackend.class)
    RedisLockBackend distributedLockBackend(RedisConnectionFactory connectionFactory,
            DistributedLockProperties properties) {
        return new RedisLockBackend(connectionFactory, properties.getKeyPrefix(), properties.getMinReplicasAcked(),
                properties.getReplicaAckTimeout());
    }
}
