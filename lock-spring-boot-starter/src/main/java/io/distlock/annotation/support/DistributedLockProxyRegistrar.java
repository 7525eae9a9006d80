package io.distlock.annotation.support;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Makes sure the context has an auto-proxy creator that applies the {@link DistributedLockAdvisor}
 * (as {@code @EnableCaching} does), also when Spring Boot's AOP auto-configuration is switched
 * off. An existing, more capable creator (such as the AspectJ one) is kept.
 */
public class DistributedLockProxyRegistrar implements ImportBeanDefinitionRegistrar {

    @Override
    public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
        AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
    }
}
