package io.distlock.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import io.distlock.autoconfigure.redlock.RedlockNodes;
import io.distlock.redlock.RedlockBackend;
import io.distlock.spi.LockBackend;

/**
 * Switches the lock backend to Redlock when {@code distributed-lock.redlock.nodes} lists
 * independent masters: one connection factory per node, built from its URL, and a
 * {@link RedlockBackend} over them, in place of the single-Redis backend.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnRedlockNodesCondition.class)
final class DistributedLockRedlockConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RedlockNodes distributedLockRedlockNodes(DistributedLockProperties properties,
            ObjectProvider<SslBundles> sslBundles) {
        String bundle = properties.getRedlock().getSslBundle();
        return new RedlockNodes(properties.getRedlock().getNodes(), properties.getKeyPrefix(),
                properties.getRedlock().getNodeTimeout().multipliedBy(5),
                (bundle != null) ? sslBundles.getObject().getBundle(bundle) : null);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(LockBackend.class)
    RedlockBackend distributedLockBackend(RedlockNodes nodes, DistributedLockProperties properties) {
        return new RedlockBackend(nodes.backends(), properties.getRedlock().getNodeTimeout());
    }
}
