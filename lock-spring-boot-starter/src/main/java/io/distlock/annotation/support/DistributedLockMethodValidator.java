package io.distlock.annotation.support;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

import io.distlock.annotation.DistributedLock;

/**
 * Checks every {@link DistributedLock} method of every bean as the bean is created (before it is
 * proxied), so that mistakes fail the application at start-up rather than at the first call. The proxy machinery
 * alone would not: it stops looking at a class's methods at the first annotated one, and never
 * looks at methods a proxy cannot intercept.
 * <p>
 * Rejects annotations on private, static or final methods and on final classes, and resolves the
 * {@linkplain DistributedLockDefinitionSource definition} of every annotated method, which parses
 * and checks its attributes.
 */
public class DistributedLockMethodValidator implements BeanPostProcessor {

    private final DistributedLockDefinitionSource definitionSource;

    private final Set<Class<?>> checkedClasses = ConcurrentHashMap.newKeySet(64);

    /** @param definitionSource resolves (and so checks) the definition of every annotated method */
    public DistributedLockMethodValidator(DistributedLockDefinitionSource definitionSource) {
        this.definitionSource = definitionSource;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        Class<?> targetClass = ClassUtils.getUserClass(AopProxyUtils.ultimateTargetClass(bean));
        if (this.checkedClasses.add(targetClass)) {
            check(targetClass);
        }
        return bean;
    }

    /**
     * The methods of {@code targetClass} (its own, inherited and from interfaces) that carry
     * {@link DistributedLock}, directly or as a meta-annotation.
     * @param targetClass the user class of a bean
     * @return the annotated methods; empty for a class that cannot have any
     */
    public static Set<Method> annotatedMethods(Class<?> targetClass) {
        if (!AnnotationUtils.isCandidateClass(targetClass, DistributedLock.class)) {
            return Set.of();
        }
        return MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<DistributedLock>) (method) -> AnnotatedElementUtils
                    .findMergedAnnotation(method, DistributedLock.class))
            .keySet();
    }

    private void check(Class<?> targetClass) {
        for (Method method : annotatedMethods(targetClass)) {
            Method specificMethod = AopUtils.getMostSpecificMethod(method, targetClass);
            String problem = interceptionProblem(specificMethod, targetClass);
            if (problem != null) {
                throw new IllegalStateException("Invalid @DistributedLock on "
                        + LockDefinitionParser.describe(specificMethod, targetClass) + ": " + problem);
            }
            this.definitionSource.getDefinition(specificMethod, targetClass);
        }
    }

    private static @Nullable String interceptionProblem(Method method, Class<?> targetClass) {
        int modifiers = method.getModifiers();
        String nowhere = "; a proxy cannot intercept it, so the method would run unlocked";
        if (Modifier.isPrivate(modifiers)) {
            return "the method is private" + nowhere;
        }
        if (Modifier.isStatic(modifiers)) {
            return "the method is static" + nowhere;
        }
        if (Modifier.isFinal(modifiers)) {
            return "the method is final" + nowhere;
        }
        if (Modifier.isFinal(targetClass.getModifiers())) {
            return "the class is final" + nowhere;
        }
        return null;
    }
}
