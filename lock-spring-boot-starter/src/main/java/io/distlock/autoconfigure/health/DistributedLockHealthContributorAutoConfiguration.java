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
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.distlock.LockTemplate;
import io.distlock.actuate.health.DistributedLockHealthIndicator;
import io.distlock.autoconfigure.DistributedLockAutoConfiguration;
import io.distlock.redis.RedisLockBackend;

/**
 * Auto-configuration of the {@code distributedLock} health contributor, when Spring Boot's health
 * support is present. Switched off with {@code management.health.distributed-lock.enabled=false}
 * (or {@code management.health.defaults.enabled=false}).
 * <p>
 * It needs the single-Redis lock backend, whose keys live in the application's
 * {@link RedisConnectionFactory}; with Redlock ({@code distributed-lock.redlock.nodes}) the locks
 * live on other servers, and the contributor backs off.
 */
@AutoConfiguration(after = DistributedLockAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnSingleCandidate(LockTemplate.class)
@ConditionalOnBean({ RedisConnectionFactory.class, RedisLockBackend.class })
@ConditionalOnEnabledHealthIndicator("distributedlock")
public final class DistributedLockHealthContributorAutoConfiguration {

    DistributedLockHealthContributorAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(name = { "distributedLockHealthIndicator", "distributedLockHealthContributor" })
    DistributedLockHealthIndicator distributedLockHealthIndicator(RedisConnectionFactory connectionFactory,
            LockTemplate lockTemplate, ObjectProvider<DataRedisConnectionDetails> connectionDetails) {
        return new DistributedLockHealthIndicator(connectionFactory, lockTemplate,
                RedisSecrets.masker(connectionDetails.getIfAvailable()));
    }
}
