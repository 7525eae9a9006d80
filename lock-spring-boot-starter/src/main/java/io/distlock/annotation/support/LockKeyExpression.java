package io.distlock.annotation.support;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.util.ClassUtils;
import org.springframework.util.ObjectUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The parsed {@code key} of one {@link io.distlock.annotation.DistributedLock} method. Parsed and
 * checked once, at start-up, by {@link #parse}; evaluated per call in a read-only
 * {@link SimpleEvaluationContext} whose only variables are the method's arguments.
 */
final class LockKeyExpression {

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();

    /**
     * Whether a key of this class has a value-based string: text, a primitive wrapper, an enum, a
     * UUID, or any class that declares {@code toString()} below {@link Object} (records included).
     * An array or a class inheriting {@code Object.toString()} gives an identity hash instead.
     */
    private static final ClassValue<Boolean> HAS_OWN_TO_STRING = new ClassValue<>() {

        @Override
        protected Boolean computeValue(Class<?> type) {
            if (CharSequence.class.isAssignableFrom(type) || ClassUtils.isPrimitiveWrapper(type)
                    || Enum.class.isAssignableFrom(type) || type == UUID.class) {
                return true;
            }
            Method toString = ReflectionUtils.findMethod(type, "toString");
            return toString != null && toString.getDeclaringClass() != Object.class;
        }
    };

    private final String text;

    private final SpelExpression expression;

    private final String @Nullable [] parameterNames;

    private final String methodDescription;

    private LockKeyExpression(String text, SpelExpression expression, String @Nullable [] parameterNames,
            String methodDescription) {
        this.text = text;
        this.expression = expression;
        this.parameterNames = parameterNames;
        this.methodDescription = methodDescription;
    }

    /**
     * Parses {@code text} and checks that it only uses what the restricted context allows and only
     * names parameters of {@code method}.
     * @throws IllegalArgumentException saying what is wrong with the expression
     */
    static LockKeyExpression parse(String text, Method method, ParameterNameDiscoverer parameterNames,
            String methodDescription) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        SpelExpression expression;
        try {
            expression = (SpelExpression) PARSER.parseExpression(text);
        }
        catch (ParseException ex) {
            throw new IllegalArgumentException("'" + text + "' does not parse: " + ex.getMessage(), ex);
        }
        String[] names = parameterNames.getParameterNames(method);
        new KeyExpressionChecker(text, names, method.getParameterCount()).check(expression.getAST());
        return new LockKeyExpression(text, expression, names, methodDescription);
    }

    /** The expression as written in the annotation. */
    String text() {
        return this.text;
    }

    /**
     * Evaluates the expression against {@code arguments}.
     * @return the distinct values, sorted; never empty
     * @throws IllegalArgumentException when the value, or an element of it, is null or blank or has
     * no {@code toString()} of its own, a collection is empty, or the expression cannot be evaluated
     * (say a property of a null argument)
     */
    List<String> evaluate(@Nullable Object[] arguments) {
        Object value;
        try {
            value = this.expression.getValue(createContext(arguments));
        }
        catch (EvaluationException ex) {
            throw invalid("could not be evaluated: " + ex.getMessage(), ex);
        }
        TreeSet<String> keys = new TreeSet<>();
        if (value instanceof Collection<?> || ObjectUtils.isArray(value)) {
            Collection<?> elements = (value instanceof Collection<?> collection) ? collection
                    : List.of(ObjectUtils.toObjectArray(value));
            if (elements.isEmpty()) {
                throw invalid("evaluated to an empty " + ((value instanceof Collection) ? "collection" : "array"), null);
            }
            for (Object element : elements) {
                keys.add(toKey(element, "an element that is "));
            }
        }
        else {
            keys.add(toKey(value, ""));
        }
        return new ArrayList<>(keys);
    }

    private SimpleEvaluationContext createContext(@Nullable Object[] arguments) {
        SimpleEvaluationContext context = SimpleEvaluationContext.forReadOnlyDataBinding()
            .withAssignmentDisabled()
            .build();
        for (int i = 0; i < arguments.length; i++) {
            context.setVariable("p" + i, arguments[i]);
            context.setVariable("a" + i, arguments[i]);
            if (this.parameterNames != null && i < this.parameterNames.length) {
                context.setVariable(this.parameterNames[i], arguments[i]);
            }
        }
        return context;
    }

    private String toKey(@Nullable Object value, String what) {
        if (value == null) {
            throw invalid("yielded " + what + "null", null);
        }
        if (!HAS_OWN_TO_STRING.get(value.getClass())) {
            throw invalid("yielded " + what + "an instance of " + value.getClass().getTypeName()
                    + ", which does not implement toString(): the key would be its identity hash, different for "
                    + "every instance, so calls for equal values would never contend; use one of its properties "
                    + "or implement toString()", null);
        }
        String key = String.valueOf(value);
        if (key.isBlank()) {
            throw invalid("yielded " + what + "blank", null);
        }
        return key;
    }

    private IllegalArgumentException invalid(String problem, @Nullable Throwable cause) {
        return new IllegalArgumentException("Lock key '" + this.text + "' of " + this.methodDescription + " "
                + problem + "; nothing was locked", cause);
    }

    @Override
    public String toString() {
        return this.text;
    }
}
