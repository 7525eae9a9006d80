package io.distlock.coroutines

import java.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatIllegalStateException
import org.awaitility.Awaitility.await
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.RegisterExtension
import org.springframework.beans.factory.annotation.Autowired
import org.springframework.boot.test.context.SpringBootTest
import org.springframework.data.redis.core.StringRedisTemplate
import org.springframework.test.annotation.DirtiesContext
import org.springframework.test.context.DynamicPropertyRegistry
import org.springframework.test.context.DynamicPropertySource
import io.distlock.LockOptions
import io.distlock.LockTemplate
import io.distlock.test.junit.RedisServerExtension

/**
 * Edges rule 6: a `suspend` function with `@DistributedLock` holds its lock, on a real
 * `redis-server`, until the coroutine completes.
 */
@DirtiesContext
@SpringBootTest(classes = [SuspendingLockApplication::class], webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SuspendingLockTests {

    @Autowired
    private lateinit var service: SuspendingService

    @Autowired
    private lateinit var lockTemplate: LockTemplate

    @Autowired
    private lateinit var redis: StringRedisTemplate

    @Test
    fun `rule 6 - the lock is held in Redis while the coroutine is suspended, and released when it completes`(): Unit =
        runBlocking {
            val entered = CompletableDeferred<Unit>()
            val proceed = CompletableDeferred<String>()
            val call = async(Dispatchers.Default) { service.hold("held", entered, proceed) }
            withTimeout(10_000) { entered.await() }

            assertThat(redis.hasKey("lock:suspending:held")).isTrue()
            assertThat(lockTemplate.tryLock("suspending:held", LockOptions.builder().build())).isEmpty()

            proceed.complete("done")
            assertThat(withTimeout(10_000) { call.await() }).isEqualTo("done")
            // Released before the caller resumes: usingWhen releases before it passes on the completion.
            assertThat(redis.hasKey("lock:suspending:held")).isFalse()
            lockTemplate.tryLock("suspending:held", LockOptions.builder().build()).orElseThrow().close()
        }

    @Test
    fun `rule 6 - concurrent suspending callers on one key never overlap`(): Unit = runBlocking {
        val calls = 12
        val results = (1..calls).map { async(Dispatchers.Default) { service.increment("counter") } }
        withTimeout(60_000) { results.awaitAll() }

        assertThat(service.maxActive()).isEqualTo(1)
        assertThat(service.counter()).isEqualTo(calls)
        assertThat(redis.hasKey("lock:suspending:counter")).isFalse()
    }

    @Test
    fun `rule 6 - an exception of the coroutine propagates, after the lock it held is released`(): Unit = runBlocking {
        val entered = CompletableDeferred<Unit>()
        val proceed = CompletableDeferred<Unit>()
        val call = async(Dispatchers.Default) { runCatching { service.fail("failing", entered, proceed) } }
        withTimeout(10_000) { entered.await() }
        assertThat(redis.hasKey("lock:suspending:failing")).isTrue()

        proceed.complete(Unit)
        val outcome = withTimeout(10_000) { call.await() }
        assertThatIllegalStateException().isThrownBy { outcome.getOrThrow() }
            .withMessage("failed while locked: failing")
        assertThat(redis.hasKey("lock:suspending:failing")).isFalse()
    }

    @Test
    fun `rule 6 - cancelling the calling coroutine cancels the locked one and releases its lock`(): Unit = runBlocking {
        val entered = CompletableDeferred<Unit>()
        val call = async(Dispatchers.Default) { service.hold("cancelled", entered, CompletableDeferred()) }
        withTimeout(10_000) { entered.await() }
        assertThat(redis.hasKey("lock:suspending:cancelled")).isTrue()

        call.cancel()
        await().atMost(Duration.ofSeconds(10)).until { !redis.hasKey("lock:suspending:cancelled") }
        assertThat(call.isCancelled).isTrue()
    }

    @Test
    fun `rule 6 - SKIP on a suspend function returns the empty value of its Kotlin return type without running`(): Unit =
        runBlocking {
            val holder = lockTemplate.tryLock("suspending:skip", LockOptions.builder().build()).orElseThrow()
            try {
                assertThat(service.runIfFree("skip")).isNotNull().isEmpty()
                assertThat(service.lengthIfFree("skip")).isNull()
            }
            finally {
                holder.close()
            }
            assertThat(service.runIfFree("skip")).containsExactly("ran")
            assertThat(service.lengthIfFree("skip")).isEqualTo(4)
        }

    companion object {

        @JvmField
        @RegisterExtension
        val redisServer: RedisServerExtension = RedisServerExtension.standalone()

        @JvmStatic
        @DynamicPropertySource
        fun redisProperties(registry: DynamicPropertyRegistry) {
            registry.add("spring.data.redis.port") { redisServer.port() }
        }
    }
}
