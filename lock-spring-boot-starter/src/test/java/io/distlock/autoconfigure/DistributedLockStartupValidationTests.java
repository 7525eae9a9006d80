package io.distlock.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.distlock.annotation.DistributedLock;
import io.distlock.annotation.LockFailureAction;

/**
 * Every mistake in a {@code @DistributedLock} fails the application at start-up with a message
 * naming the class, the method and the attribute.
 */
class DistributedLockStartupValidationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class,
                DataRedisAutoConfiguration.class, DistributedLockAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.port=1");

    @Test
    void unparsableKey() {
        assertFailure(UnparsableKey.class, "run(String): attribute 'key'", "does not parse");
    }

    @Test
    void keyNamingAnUnknownParameter() {
        assertFailure(UnknownParameter.class, "run(String): attribute 'key'", "#orderld is not a parameter",
                "#orderId");
    }

    @Test
    void keyWithATypeReference() {
        assertFailure(TypeReferenceKey.class, "run(String): attribute 'key'", "a type reference");
    }

    @Test
    void keyWithAConstructor() {
        assertFailure(ConstructorKey.class, "run(String): attribute 'key'", "a constructor call");
    }

    @Test
    void unparsableDuration() {
        assertFailure(UnparsableWait.class, "run(String): attribute 'waitTime'", "'5 parsecs' is not a duration");
    }

    @Test
    void negativeDuration() {
        assertFailure(NegativeLease.class, "run(String): attribute 'leaseTime'", "must not be negative");
    }

    @Test
    void zeroLease() {
        assertFailure(ZeroLease.class, "run(String): attribute 'leaseTime'", "must be positive");
    }

    @Test
    void minHoldLongerThanLease() {
        assertFailure(MinHoldLongerThanLease.class, "run(String): attribute 'minHoldTime'", "longer than leaseTime");
    }

    @Test
    void unresolvablePlaceholder() {
        assertFailure(UnresolvablePlaceholder.class, "run(String): attribute 'waitTime'", "cannot be resolved",
                "orders.lock-wait");
    }

    @Test
    void placeholderResolvingToSomethingElseThanADuration() {
        this.runner.withPropertyValues("orders.lock-wait=soon")
            .withBean(UnresolvablePlaceholder.class)
            .run((context) -> assertThat(context).getFailure()
                .hasStackTraceContaining("attribute 'waitTime' '${orders.lock-wait}' (resolved to 'soon') is not a duration"));
    }

    @Test
    void skipOnAPrimitiveReturn() {
        assertFailure(SkipReturningInt.class, "run(String): attribute 'onFailure'", "SKIP", "Integer");
    }

    @Test
    void plainFutureReturn() {
        assertFailure(PlainFuture.class, "run(String): ", "CompletableFuture");
    }

    @Test
    void privateMethod() {
        assertFailure(PrivateMethod.class, "run(String): the method is private");
    }

    @Test
    void finalMethod() {
        assertFailure(FinalMethod.class, "run(String): the method is final");
    }

    @Test
    void staticMethod() {
        assertFailure(StaticMethod.class, "run(String): the method is static");
    }

    @Test
    void finalClass() {
        assertFailure(FinalClass.class, "run(String): the class is final");
    }

    @Test
    void mistakeInALaterMethodOfAnAlreadyProxiedBean() {
        assertFailure(SecondMethodInvalid.class, "second(String): attribute 'key'");
    }

    @Test
    void validAnnotationsStart() {
        this.runner.withPropertyValues("orders.lock-wait=2s")
            .withBean(Valid.class)
            .run((context) -> assertThat(context).hasNotFailed());
    }

    private void assertFailure(Class<?> beanClass, String... expected) {
        this.runner.withBean(beanClass).run((context) -> {
            var failure = assertThat(context).getFailure()
                .hasStackTraceContaining("Invalid @DistributedLock on " + beanClass.getName() + ".");
            for (String text : expected) {
                failure.hasStackTraceContaining(text);
            }
        });
    }

    public static class UnparsableKey {

        @DistributedLock(key = "#id +")
        public void run(String id) {
        }
    }

    public static class UnknownParameter {

        @DistributedLock(key = "#orderld")
        public void run(String orderId) {
        }
    }

    public static class TypeReferenceKey {

        @DistributedLock(key = "T(java.lang.Runtime).getRuntime().exec('touch pwned')")
        public void run(String id) {
        }
    }

    public static class ConstructorKey {

        @DistributedLock(key = "new java.io.File('pwned').createNewFile()")
        public void run(String id) {
        }
    }

    public static class UnparsableWait {

        @DistributedLock(key = "#id", waitTime = "5 parsecs")
        public void run(String id) {
        }
    }

    public static class NegativeLease {

        @DistributedLock(key = "#id", leaseTime = "-1s")
        public void run(String id) {
        }
    }

    public static class ZeroLease {

        @DistributedLock(key = "#id", leaseTime = "0s")
        public void run(String id) {
        }
    }

    public static class MinHoldLongerThanLease {

        @DistributedLock(key = "#id", leaseTime = "5s", minHoldTime = "10s")
        public void run(String id) {
        }
    }

    public static class UnresolvablePlaceholder {

        @DistributedLock(key = "#id", waitTime = "${orders.lock-wait}")
        public void run(String id) {
        }
    }

    public static class SkipReturningInt {

        @DistributedLock(key = "#id", onFailure = LockFailureAction.SKIP)
        public int run(String id) {
            return 1;
        }
    }

    public static class PlainFuture {

        @DistributedLock(key = "#id")
        public Future<String> run(String id) {
            return CompletableFuture.completedFuture(id);
        }
    }

    public static class PrivateMethod {

        public void call(String id) {
            run(id);
        }

        @DistributedLock(key = "#id")
        private void run(String id) {
        }
    }

    public static class FinalMethod {

        @DistributedLock(key = "#id")
        public final void run(String id) {
        }
    }

    public static class StaticMethod {

        @DistributedLock(key = "#id")
        public static void run(String id) {
        }
    }

    public static final class FinalClass {

        @DistributedLock(key = "#id")
        public void run(String id) {
        }
    }

    public static class SecondMethodInvalid {

        @DistributedLock(key = "#id")
        public void first(String id) {
        }

        @DistributedLock(key = "#nope")
        public void second(String id) {
        }
    }

    public static class Valid {

        @DistributedLock(key = "{#from.id, #to.id}", name = "transfer", waitTime = "${orders.lock-wait}",
                leaseTime = "PT30S", minHoldTime = "500ms", onFailure = LockFailureAction.SKIP)
        public Boolean run(Account from, Account to) {
            return true;
        }
    }

    public record Account(String id) {
    }
}
