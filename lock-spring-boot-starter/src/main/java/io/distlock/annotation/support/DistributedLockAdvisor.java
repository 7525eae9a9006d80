package io.distlock.annotation.support;

import java.lang.reflect.Method;

import org.aopalliance.aop.Advice;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotationUtils;

import io.distlock.annotation.DistributedLock;

/**
 * Applies the {@link DistributedLockInterceptor} to methods that carry a
 * {@link DistributedLock}, as found by the {@link DistributedLockDefinitionSource}. Its
 * {@linkplain #setOrder order} must put it before (outside) the transaction advisor, so that the
 * lock is released only after the transaction has completed.
 */
@SuppressWarnings("serial")
public class DistributedLockAdvisor extends AbstractPointcutAdvisor {

    private final transient DistributedLockDefinitionSource definitionSource;

    private final transient DistributedLockInterceptor interceptor;

    private final transient Pointcut pointcut = new LockPointcut();

    /**
     * @param definitionSource decides which methods the advisor applies to
     * @param interceptor what it applies
     */
    public DistributedLockAdvisor(DistributedLockDefinitionSource definitionSource,
            DistributedLockInterceptor interceptor) {
        this.definitionSource = definitionSource;
        this.interceptor = interceptor;
    }

    @Override
    public Pointcut getPointcut() {
        return this.pointcut;
    }

    @Override
    public Advice getAdvice() {
        return this.interceptor;
    }

    private final class LockPointcut extends StaticMethodMatcherPointcut {

        LockPointcut() {
            setClassFilter(new LockClassFilter());
        }

        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            return DistributedLockAdvisor.this.definitionSource.getDefinition(method, targetClass) != null;
        }
    }

    /** Skips classes that cannot carry the annotation, such as the JDK's, without looking at methods. */
    private static final class LockClassFilter implements ClassFilter {

        @Override
        public boolean matches(Class<?> clazz) {
            return AnnotationUtils.isCandidateClass(clazz, DistributedLock.class);
        }
    }
}
