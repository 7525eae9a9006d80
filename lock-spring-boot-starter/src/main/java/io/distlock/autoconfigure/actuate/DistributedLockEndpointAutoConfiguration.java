package io.distlock.autoconfigure.actuate;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.distlock.LockTemplate;
import io.distlock.actuate.endpoint.LocksEndpoint;
import io.distlock.actuate.endpoint.RedlockLocksEndpoint;
import io.distlock.autoconfigure.DistributedLockAutoConfiguration;
import io.distlock.autoconfigure.DistributedLockProperties;
import io.distlock.autoconfigure.redlock.RedlockNodes;
import io.distlock.redis.RedisLockBackend;
import io.distlock.redlock.RedlockBackend;

/**
 * Auto-configuration of the {@code locks} Actuator endpoint, when Actuator is present and the
 * endpoint is available (its access is not {@code none}, and it is exposed). On the single-Redis lock
 * backend it is a {@link LocksEndpoint}, read-only by default; its force-release delete operation
 * is offered only with {@code management.endpoint.locks.access=unrestricted}. With Redlock
 * ({@code distributed-lock.redlock.nodes}) it is a read-only {@link RedlockLocksEndpoint} that
 * inspects a key on every node.
 */
@AutoConfiguration(after = DistributedLockAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnSingleCandidate(LockTemplate.class)
@ConditionalOnAvailableEndpoint(LocksEndpoint.class)
public final class DistributedLockEndpointAutoConfiguration {

    DistributedLockEndpointAutoConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean({ RedisConnectionFactory.class, RedisLockBackend.class })
    static class SingleRedisEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean(LocksEndpoint.class)
        LocksEndpoint locksEndpoint(LockTemplate lockTemplate, RedisConnectionFactory connectionFactory,
                RedisLockBackend backend) {
            return new LocksEndpoint(lockTemplate, connectionFactory, backend);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean({ RedlockNodes.class, RedlockBackend.class })
    static class RedlockEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean({ LocksEndpoint.class, RedlockLocksEndpoint.class })
        RedlockLocksEndpoint redlockLocksEndpoint(LockTemplate lockTemplate, RedlockNodes nodes, RedlockBackend backend,
                DistributedLockProperties properties) {
            return new RedlockLocksEndpoint(lockTemplate, nodes.connectionFactoriesByMaskedUrl(),
                    properties.getKeyPrefix(), backend.quorum(),
                    properties.getRedlock().getNodeTimeout());
        }
    }
}
