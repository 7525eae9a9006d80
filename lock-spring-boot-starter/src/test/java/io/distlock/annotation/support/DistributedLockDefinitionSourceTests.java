package io.distlock.annotation.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import io.distlock.annotation.DistributedLock;
import io.distlock.annotation.LockFailureAction;

class DistributedLockDefinitionSourceTests {

    private final DistributedLockDefinitionSource source = new DistributedLockDefinitionSource(Duration.ofSeconds(3));

    @Test
    void resolvesOncePerMethodAndTargetClass() {
        Method method = method(Base.class, "run");
        LockDefinition definition = this.source.getDefinition(method, Base.class);
        assertThat(definition).isNotNull();
        assertThat(this.source.getDefinition(method, Base.class)).isSameAs(definition);
        assertThat(definition.name()).isEqualTo("Base.run");
        assertThat(definition.keyExpression()).isEqualTo("#id");
        assertThat(definition.options().waitTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(definition.onFailure()).isEqualTo(LockFailureAction.THROW);
        assertThat(definition.templateKeys(new Object[] { "7" })).containsExactly("Base.run:7");
    }

    @Test
    void theDefaultNameIsThatOfTheTargetClass() {
        assertThat(this.source.getDefinition(method(Base.class, "run"), Sub.class).name()).isEqualTo("Sub.run");
    }

    @Test
    void findsTheAnnotationOnAnInterfaceMethod() {
        LockDefinition definition = this.source.getDefinition(method(Api.class, "call"), Impl.class);
        assertThat(definition).isNotNull();
        assertThat(definition.name()).isEqualTo("api");
        // The parameter name of the implementation is the one the key refers to.
        assertThat(definition.templateKeys(new Object[] { "x" })).containsExactly("api:x");
    }

    @Test
    void methodsWithoutTheAnnotationHaveNone() {
        assertThat(this.source.getDefinition(method(Base.class, "plain"), Base.class)).isNull();
        assertThat(this.source.getDefinition(method(Object.class, "toString"), Base.class)).isNull();
    }

    private static Method method(Class<?> type, String name) {
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type)) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException(name);
    }

    static class Base {

        @DistributedLock(key = "#id")
        public void run(String id) {
        }

        public void plain() {
        }
    }

    static class Sub extends Base {

    }

    interface Api {

        @DistributedLock(key = "#orderId", name = "api")
        void call(String orderId);
    }

    static class Impl implements Api {

        @Override
        public void call(String orderId) {
        }
    }
}
