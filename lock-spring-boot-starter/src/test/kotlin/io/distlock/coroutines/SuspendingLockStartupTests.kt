package io.distlock.coroutines

import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration
import org.springframework.boot.test.context.FilteredClassLoader
import org.springframework.boot.test.context.runner.ApplicationContextRunner
import io.distlock.annotation.DistributedLock
import io.distlock.annotation.LockFailureAction
import io.distlock.autoconfigure.DistributedLockAutoConfiguration

/**
 * Edges rule 6: where a `suspend` function cannot be locked until its coroutine completes, the
 * application does not start, and the failure names the class and the method.
 */
class SuspendingLockStartupTests {

    private val runner = ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration::class.java,
                DataRedisAutoConfiguration::class.java, DistributedLockAutoConfiguration::class.java))
        .withPropertyValues("spring.data.redis.port=1")
        .withBean(SuspendingService::class.java)

    @Test
    fun `rule 6 - starts with the coroutine bridge`() {
        runner.run { context -> assertThat(context).hasNotFailed() }
    }

    @Test
    fun `rule 6 - start-up fails naming the method when kotlinx-coroutines-reactor is missing`() {
        runner.withClassLoader(FilteredClassLoader("kotlinx.coroutines.reactor")).run { context ->
            assertThat(context).failure
                .rootCause()
                .isInstanceOf(IllegalStateException::class.java)
                .hasMessageMatching("Invalid @DistributedLock on io\\.distlock\\.coroutines\\.SuspendingService\\."
                        + "(hold|increment|fail)\\(String.*Continuation\\): a suspend function .*")
                .hasMessageContaining("kotlinx-coroutines-reactor")
        }
    }

    @Test
    fun `rule 6 - SKIP on a suspend function whose Kotlin return type is primitive fails the start-up`() {
        ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration::class.java,
                    DataRedisAutoConfiguration::class.java, DistributedLockAutoConfiguration::class.java))
            .withPropertyValues("spring.data.redis.port=1")
            .withBean(SkippingCount::class.java)
            .run { context ->
                assertThat(context).failure
                    .rootCause()
                    .isInstanceOf(IllegalStateException::class.java)
                    .hasMessageContaining("SkippingCount.count(String, Continuation): attribute 'onFailure' "
                            + "SKIP cannot return a value of primitive type int")
            }
    }

    @Test
    fun `rule 6 - start-up fails naming the method when Reactor is missing`() {
        runner.withClassLoader(FilteredClassLoader("reactor.core")).run { context ->
            assertThat(context).failure
                .rootCause()
                .isInstanceOf(IllegalStateException::class.java)
                .hasMessageMatching("Invalid @DistributedLock on io\\.distlock\\.coroutines\\.SuspendingService\\."
                        + "(hold|increment|fail)\\(String.*Continuation\\): a suspend function .*")
                .hasMessageContaining("io.projectreactor:reactor-core")
        }
    }
}

/** SKIP cannot give an `Int` when the lock is held. */
open class SkippingCount {

    @DistributedLock(key = "#key", onFailure = LockFailureAction.SKIP)
    open suspend fun count(key: String): Int = key.length
}
