package io.distlock.annotation.support;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringValueResolver;

import io.distlock.LockOptions;
import io.distlock.annotation.DistributedLock;
import io.distlock.annotation.LockFailureAction;

/**
 * Turns a {@link DistributedLock} annotation into a {@link LockDefinition}, checking every
 * attribute. Each mistake is an {@link IllegalStateException} whose message names the class, the
 * method and the attribute.
 */
final class LockDefinitionParser {

    private final Duration defaultWaitTime;

    private final @Nullable StringValueResolver valueResolver;

    private final ParameterNameDiscoverer parameterNames;

    private final boolean reactorPresent;

    private final boolean coroutineBridgePresent;

    LockDefinitionParser(Duration defaultWaitTime, @Nullable StringValueResolver valueResolver,
            ParameterNameDiscoverer parameterNames, boolean reactorPresent, boolean coroutineBridgePresent) {
        this.defaultWaitTime = defaultWaitTime;
        this.valueResolver = valueResolver;
        this.parameterNames = parameterNames;
        this.reactorPresent = reactorPresent;
        this.coroutineBridgePresent = coroutineBridgePresent;
    }

    /**
     * @param method the most specific method, the one whose parameter names the key refers to
     * @param targetClass the user class of the bean
     */
    LockDefinition parse(DistributedLock annotation, Method method, Class<?> targetClass) {
        String description = describe(method, targetClass);
        Problems problems = new Problems(description);
        String name = annotation.name().isEmpty() ? targetClass.getSimpleName() + "." + method.getName()
                : annotation.name();
        if (name.isBlank()) {
            throw problems.attribute("name", "must not be blank");
        }
        LockKeyExpression key;
        try {
            key = LockKeyExpression.parse(annotation.key(), method, this.parameterNames, description);
        }
        catch (IllegalArgumentException ex) {
            throw problems.attribute("key", ex.getMessage(), ex);
        }
        Duration waitTime = duration(problems, "waitTime", annotation.waitTime());
        Duration leaseTime = duration(problems, "leaseTime", annotation.leaseTime());
        Duration minHoldTime = duration(problems, "minHoldTime", annotation.minHoldTime());
        if (leaseTime != null && leaseTime.isZero()) {
            throw problems.attribute("leaseTime", "must be positive, was '" + annotation.leaseTime()
                    + "'; leave it empty for a lease the watchdog renews");
        }
        if (leaseTime != null && minHoldTime != null && minHoldTime.compareTo(leaseTime) > 0) {
            throw problems.attribute("minHoldTime", "(" + minHoldTime + ") must not be longer than leaseTime ("
                    + leaseTime + "): the lock would expire first");
        }
        LockedReturnType returnType;
        try {
            returnType = LockedReturnType.of(method, this.reactorPresent, this.coroutineBridgePresent);
        }
        catch (IllegalArgumentException ex) {
            throw problems.method(ex.getMessage());
        }
        Class<?> valueType = LockedReturnType.valueType(method);
        if (annotation.onFailure() == LockFailureAction.SKIP && valueType.isPrimitive() && valueType != void.class) {
            throw problems.attribute("onFailure", "SKIP cannot return a value of primitive type " + valueType
                    + "; return " + ClassUtils.resolvePrimitiveIfNecessary(valueType).getSimpleName()
                    + " (null when skipped) or use THROW");
        }
        LockOptions options = LockOptions.builder()
            .name(name)
            .waitTime((waitTime != null) ? waitTime : this.defaultWaitTime)
            .leaseTime(leaseTime)
            .minHoldTime((minHoldTime != null) ? minHoldTime : Duration.ZERO)
            .build();
        return new LockDefinition(description, name, key, options, annotation.onFailure(), returnType);
    }

    /** The duration, or {@code null} when the attribute is empty (or resolves to empty). */
    private @Nullable Duration duration(Problems problems, String attribute, String value) {
        if (value.isEmpty()) {
            return null;
        }
        String resolved = value;
        if (this.valueResolver != null) {
            try {
                resolved = this.valueResolver.resolveStringValue(value);
            }
            catch (IllegalArgumentException ex) {
                throw problems.attribute(attribute, "'" + value + "' cannot be resolved: " + ex.getMessage(), ex);
            }
        }
        if (resolved == null || resolved.isBlank()) {
            return null;
        }
        String shown = "'" + value + "'" + (resolved.equals(value) ? "" : " (resolved to '" + resolved + "')");
        Duration duration;
        try {
            duration = DurationFormatterUtils.detectAndParse(resolved.trim());
        }
        catch (IllegalArgumentException | DateTimeParseException ex) {
            throw problems.attribute(attribute, shown + " is not a duration; write it like 5s, 500ms or PT5S", ex);
        }
        if (duration.isNegative()) {
            throw problems.attribute(attribute, shown + " must not be negative");
        }
        return duration;
    }

    /** {@code com.example.OrderService.place(String, int)}. */
    static String describe(Method method, Class<?> targetClass) {
        return targetClass.getName() + "." + method.getName() + Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
    }

    /** Builds the start-up failures of one method. */
    private record Problems(String description) {

        IllegalStateException attribute(String attribute, @Nullable String problem) {
            return attribute(attribute, problem, null);
        }

        IllegalStateException attribute(String attribute, @Nullable String problem, @Nullable Throwable cause) {
            return new IllegalStateException("Invalid @DistributedLock on " + this.description + ": attribute '"
                    + attribute + "' " + problem, cause);
        }

        IllegalStateException method(@Nullable String problem) {
            return new IllegalStateException("Invalid @DistributedLock on " + this.description + ": " + problem);
        }
    }
}
