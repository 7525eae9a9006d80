package io.distlock.coroutines

import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.delay
import org.springframework.boot.SpringBootConfiguration
import org.springframework.boot.autoconfigure.EnableAutoConfiguration
import org.springframework.context.annotation.Import
import io.distlock.annotation.DistributedLock
import io.distlock.annotation.LockFailureAction

/** A Boot application whose locked methods are Kotlin `suspend` functions. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SuspendingService::class)
open class SuspendingLockApplication

/**
 * Locked `suspend` functions. The class and its methods are `open` so that Spring's class-based
 * proxy can intercept them, and the tests read the state through the proxy (no all-open compiler
 * plugin here).
 */
open class SuspendingService {

    /** How many [increment] calls run right now; more than one means the lock did not exclude. */
    private val active = AtomicInteger()

    /** The most [active] was ever seen at. */
    private val maxActive = AtomicInteger()

    private var counter = 0

    /** Completes `entered`, then suspends until `proceed` completes; returns what `proceed` gave. */
    @DistributedLock(key = "#key", name = "suspending", waitTime = "0s")
    open suspend fun hold(key: String, entered: CompletableDeferred<Unit>, proceed: CompletableDeferred<String>): String {
        entered.complete(Unit)
        return proceed.await()
    }

    /** A read, a suspension, then a write: loses updates unless calls are mutually exclusive. */
    @DistributedLock(key = "#key", name = "suspending", waitTime = "30s")
    open suspend fun increment(key: String): Int {
        val now = active.incrementAndGet()
        maxActive.accumulateAndGet(now, ::maxOf)
        try {
            val read = counter
            delay(20)
            counter = read + 1
            return counter
        }
        finally {
            active.decrementAndGet()
        }
    }

    /** Suspends, then fails. */
    @DistributedLock(key = "#key", name = "suspending", waitTime = "0s")
    open suspend fun fail(key: String, entered: CompletableDeferred<Unit>, proceed: CompletableDeferred<Unit>): String {
        entered.complete(Unit)
        proceed.await()
        throw IllegalStateException("failed while locked: $key")
    }

    /** Runs only while the lock is free; skipped (without running) while another holds it. */
    @DistributedLock(key = "#key", name = "suspending", waitTime = "0s", onFailure = LockFailureAction.SKIP)
    open suspend fun runIfFree(key: String): List<String> {
        delay(1)
        return listOf("ran")
    }

    /** Like [runIfFree], with a nullable primitive: SKIP gives `null`. */
    @DistributedLock(key = "#key", name = "suspending", waitTime = "0s", onFailure = LockFailureAction.SKIP)
    open suspend fun lengthIfFree(key: String): Int? {
        delay(1)
        return key.length
    }

    /** The number of completed [increment] calls, unless some overlapped. */
    open fun counter(): Int = counter

    /** The most [increment] calls that ever ran at once. */
    open fun maxActive(): Int = maxActive.get()
}
