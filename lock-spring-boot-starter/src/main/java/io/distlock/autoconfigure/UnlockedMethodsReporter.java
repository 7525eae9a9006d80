package io.distlock.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import io.distlock.annotation.support.DistributedLockAdvisor;
import io.distlock.annotation.support.DistributedLockInterceptor;
import io.distlock.annotation.support.DistributedLockMethodValidator;

/**
 * Once every singleton exists, warns, in one line, about the singletons whose
 * {@link io.distlock.annotation.DistributedLock @DistributedLock} methods will run without a lock because no lock
 * interceptor advises them, and why: {@code distributed-lock.enabled=false}, no
 * {@code LockTemplate} bean, or, when the annotation is active, beans created before its advisor
 * and validator were registered (for example as dependencies of a {@code BeanPostProcessor}),
 * which are neither proxied nor validated. Silent when every annotated singleton is advised.
 */
final class UnlockedMethodsReporter implements SmartInitializingSingleton {

    private static final Log logger = LogFactory.getLog(UnlockedMethodsReporter.class);

    private final ConfigurableListableBeanFactory beanFactory;

    private final Environment environment;

    UnlockedMethodsReporter(ConfigurableListableBeanFactory beanFactory, Environment environment) {
        this.beanFactory = beanFactory;
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<Class<?>, Integer> annotatedMethodCounts = new HashMap<>();
        List<String> beanNames = new ArrayList<>();
        int methods = 0;
        for (String beanName : this.beanFactory.getSingletonNames()) {
            Object bean = this.beanFactory.getSingleton(beanName);
            if (bean == null || bean instanceof FactoryBean<?> || isLockAdvised(bean)) {
                continue;
            }
            Class<?> targetClass = ClassUtils.getUserClass(AopProxyUtils.ultimateTargetClass(bean));
            int count = annotatedMethodCounts.computeIfAbsent(targetClass, (type) -> DistributedLockMethodValidator.annotatedMethods(type).size());
            if (count > 0) {
                beanNames.add(beanName);
                methods += count;
            }
        }
        if (!beanNames.isEmpty()) {
            logger.warn(methods + " @DistributedLock method(s) run without a lock, on bean(s) " + beanNames + ": "
                    + reason());
        }
    }

    private String reason() {
        if (!this.environment.getProperty("distributed-lock.enabled", Boolean.class, true)) {
            return "distributed-lock.enabled=false";
        }
        if (this.beanFactory.getBeanNamesForType(DistributedLockAdvisor.class, true, false).length == 0) {
            return "there is no LockTemplate bean (no RedisConnectionFactory, no Redlock nodes and no LockTemplate "
                    + "of the application's own)";
        }
        return "they were created before the @DistributedLock advisor was registered (for example as dependencies "
                + "of a BeanPostProcessor), so they are neither proxied nor validated";
    }

    private static boolean isLockAdvised(Object bean) {
        if (bean instanceof Advised advised) {
            for (Advisor advisor : advised.getAdvisors()) {
                if (advisor.getAdvice() instanceof DistributedLockInterceptor) {
                    return true;
                }
            }
        }
        return false;
    }
}
