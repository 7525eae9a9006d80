package io.distlock.autoconfigure.health;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.distlock.LockTemplate;
import io.distlock.actuate.health.DistributedLockHealthIndicator;
import io.distlock.actuate.health.RedlockHealthIndicator;
import io.distlock.autoconfigure.DistributedLockAutoConfiguration;
import io.distlock.autoconfigure.DistributedLockProperties;
import io.distlock.autoconfigure.redlock.RedlockNodes;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.redlock.RedlockBackend;

/**
 * Auto-configuration of the {@code distributedLock} health contributor, when Spring Boot's health
 * support is present: a {@link DistributedLockHealthIndicator} on the single-Redis lock backend's
 * {@link RedisConnectionFactory}, or a {@link RedlockHealthIndicator} over every node with Redlock
 * ({@code distributed-lock.redlock.nodes}). Switched off with
 * {@code management.health.distributed-lock.enabled=false} (or
 * {@code management.health.defaults.enabled=false}).
 */
@AutoConfiguration(after = DistributedLockAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnSingleCandidate(LockTemplate.class)
@ConditionalOnEnabledHealthIndicator("distributedlock")
public final class DistributedLockHealthContributorAutoConfiguration {

    DistributedLockHealthContributorAutoConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean({ RedisConnectionFactory.class, RedisLockBackend.class })
    static class SingleRedisHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = { "distributedLockHealthIndicator", "distributedLockHealthContributor" })
        DistributedLockHealthIndicator distributedLockHealthIndicator(RedisConnectionFactory connectionFactory,
                LockTemplate lockTemplate, ObjectProvider<DataRedisConnectionDetails> connectionDetails) {
            return new DistributedLockHealthIndicator(connectionFactory, lockTemplate,
                    RedisSecrets.masker(connectionDetails.getIfAvailable()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean({ RedlockNodes.class, RedlockBackend.class })
    static class RedlockHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = { "distributedLockHealthIndicator", "distributedLockHealthContributor" })
        RedlockHealthIndicator distributedLockHealthIndicator(RedlockNodes nodes, RedlockBackend backend,
                LockTemplate lockTemplate, DistributedLockProperties properties) {
            return new RedlockHealthIndicator(nodes.connectionFactoriesByMaskedUrl(), backend.quorum(),
                    properties.getRedlock().getNodeTimeout(),
                    (lockTemplate instanceof DefaultLockTemplate template) ? template.watchdog() : null,
                    RedisSecrets.masker(nodes));
        }
    }
}
