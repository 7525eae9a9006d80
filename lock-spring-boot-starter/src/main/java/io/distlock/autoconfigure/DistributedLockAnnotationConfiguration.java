package io.distlock.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

import io.distlock.LockTemplate;
import io.distlock.annotation.support.DistributedLockAdvisor;
import io.distlock.annotation.support.DistributedLockDefinitionSource;
import io.distlock.annotation.support.DistributedLockInterceptor;
import io.distlock.annotation.support.DistributedLockMethodValidator;
import io.distlock.annotation.support.DistributedLockProxyRegistrar;

/**
 * The {@code @DistributedLock} infrastructure: definition source, interceptor, advisor and
 * start-up validator. These beans are created early, while post-processors are set up, so they
 * are static, marked as infrastructure (the proxy creator Boot uses without AspectJ applies only
 * infrastructure advisors), and read their settings from the {@link Environment} rather than
 * depending on the properties bean; the lock template is looked up on the first locked call.
 * <p>
 * It comes up whenever there is a {@link LockTemplate} bean, auto-configured or the application's
 * own, with or without a {@code RedisConnectionFactory}.
 */
@Configuration(proxyBeanMethods = false)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
@ConditionalOnBean(LockTemplate.class)
@Import(DistributedLockProxyRegistrar.class)
final class DistributedLockAnnotationConfiguration {

    private DistributedLockAnnotationConfiguration() {
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    static DistributedLockDefinitionSource distributedLockDefinitionSource(Environment environment) {
        return new DistributedLockDefinitionSource(properties(environment).getWaitTime());
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    static DistributedLockInterceptor distributedLockInterceptor(DistributedLockDefinitionSource definitionSource,
            ObjectProvider<LockTemplate> lockTemplate) {
        return new DistributedLockInterceptor(definitionSource, lockTemplate::getObject);
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    static DistributedLockAdvisor distributedLockAdvisor(DistributedLockDefinitionSource definitionSource,
            DistributedLockInterceptor interceptor, Environment environment) {
        DistributedLockAdvisor advisor = new DistributedLockAdvisor(definitionSource, interceptor);
        advisor.setOrder(properties(environment).getOrder());
        return advisor;
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    static DistributedLockMethodValidator distributedLockMethodValidator(
            DistributedLockDefinitionSource definitionSource) {
        return new DistributedLockMethodValidator(definitionSource);
    }

    /** Bound directly: the properties bean may not exist yet when these beans are created. */
    private static DistributedLockProperties properties(Environment environment) {
        return Binder.get(environment).bindOrCreate("distributed-lock", DistributedLockProperties.class);
    }
}
