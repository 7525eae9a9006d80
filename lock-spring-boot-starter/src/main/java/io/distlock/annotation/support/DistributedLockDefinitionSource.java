package io.distlock.annotation.support;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.context.EmbeddedValueResolverAware;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodClassKey;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringValueResolver;

import io.distlock.annotation.DistributedLock;

/**
 * Finds the {@link DistributedLock} of a method and turns it into a {@link LockDefinition},
 * once per method and target class; later calls are a map look-up, methods without the
 * annotation included.
 * <p>
 * The annotation is looked up on the most specific method of the target class first, then on the
 * method as invoked (say, on an interface). Resolving a definition parses and checks it, so an
 * invalid annotation fails the first look-up, which happens at start-up.
 */
public class DistributedLockDefinitionSource implements EmbeddedValueResolverAware, BeanClassLoaderAware {

    /** Cached for methods without the annotation. */
    private static final Object NONE = new Object();

    private final Map<MethodClassKey, Object> cache = new ConcurrentHashMap<>(256);

    private final Duration defaultWaitTime;

    private ParameterNameDiscoverer parameterNameDiscoverer = new DefaultParameterNameDiscoverer();

    private @Nullable StringValueResolver valueResolver;

    private @Nullable ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

    /**
     * @param defaultWaitTime the wait of methods whose annotation sets none
     * ({@code distributed-lock.wait-time})
     */
    public DistributedLockDefinitionSource(Duration defaultWaitTime) {
        this.defaultWaitTime = defaultWaitTime;
    }

    /** Resolves {@code ${...}} placeholders in the duration attributes. */
    @Override
    public void setEmbeddedValueResolver(StringValueResolver resolver) {
        this.valueResolver = resolver;
    }

    /** The application's class loader, used to check whether Reactor and the coroutine bridge are present. */
    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** Replaces the discoverer of the parameter names that {@code #name} refers to. */
    public void setParameterNameDiscoverer(ParameterNameDiscoverer parameterNameDiscoverer) {
        this.parameterNameDiscoverer = parameterNameDiscoverer;
    }

    /**
     * The definition of {@code method} when invoked on an instance of {@code targetClass}.
     * @return the definition, or {@code null} when the method is not annotated
     * @throws IllegalStateException when the annotation is invalid, naming class, method and attribute
     */
    public @Nullable LockDefinition getDefinition(Method method, @Nullable Class<?> targetClass) {
        if (method.getDeclaringClass() == Object.class) {
            return null;
        }
        MethodClassKey cacheKey = new MethodClassKey(method, targetClass);
        Object cached = this.cache.get(cacheKey);
        if (cached == null) {
            LockDefinition definition = computeDefinition(method, targetClass);
            cached = (definition != null) ? definition : NONE;
            Object existing = this.cache.putIfAbsent(cacheKey, cached);
            cached = (existing != null) ? existing : cached;
        }
        return (cached != NONE) ? (LockDefinition) cached : null;
    }

    private @Nullable LockDefinition computeDefinition(Method method, @Nullable Class<?> targetClass) {
        Class<?> userClass = (targetClass != null) ? ClassUtils.getUserClass(targetClass) : method.getDeclaringClass();
        Method specificMethod = AopUtils.getMostSpecificMethod(method, userClass);
        DistributedLock annotation = AnnotatedElementUtils.findMergedAnnotation(specificMethod, DistributedLock.class);
        if (annotation == null && specificMethod != method) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(method, DistributedLock.class);
        }
        if (annotation == null) {
            return null;
        }
        boolean reactorPresent = ClassUtils.isPresent("reactor.core.publisher.Flux", this.classLoader);
        return new LockDefinitionParser(this.defaultWaitTime, this.valueResolver, this.parameterNameDiscoverer,
                reactorPresent, LockedReturnType.coroutineBridgePresent(this.classLoader))
            .parse(annotation, specificMethod, userClass);
    }
}
