package io.distlock.annotation.support;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.util.function.SingletonSupplier;

import io.distlock.DistributedLockException;
import io.distlock.LockTemplate;
import io.distlock.annotation.LockFailureAction;
import io.distlock.annotation.context.LockHandleStack;

/**
 * Runs {@link io.distlock.annotation.DistributedLock} methods under their lock: evaluate the key,
 * acquire, invoke, release. Exceptions of the method pass through unchanged. When the lock is
 * released:
 * <ul>
 * <li>a synchronous method: after it returns or throws (its own {@code @Transactional} included,
 * since the lock advisor wraps the transaction advisor). When the method is called inside a
 * transaction that is already active (its caller's, which it joins), the lock is kept until that
 * transaction has committed or rolled back, because what the method wrote is visible to the next
 * holder only then; until that point the calling thread still re-enters it.</li>
 * <li>a {@link CompletionStage} result: once the method's own stage completes. The caller gets a
 * dependent {@link CompletableFuture} that completes after the release, with the method's value or
 * exception; cancelling it, or timing it out, does not touch the method's stage or the lock.</li>
 * <li>a reactive result: when the subscription completes, fails or is cancelled.</li>
 * </ul>
 */
public class DistributedLockInterceptor implements MethodInterceptor {

    private final DistributedLockDefinitionSource definitionSource;

    private final Supplier<LockTemplate> lockTemplate;

    /**
     * @param lockTemplate looked up on the first locked call, so that creating the interceptor
     * (early, with the other AOP infrastructure) does not create the template and Redis beans
     */
    public DistributedLockInterceptor(DistributedLockDefinitionSource definitionSource,
            Supplier<LockTemplate> lockTemplate) {
        this.definitionSource = definitionSource;
        this.lockTemplate = SingletonSupplier.of(lockTemplate);
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Method method = invocation.getMethod();
        Object target = invocation.getThis();
        LockDefinition definition = this.definitionSource.getDefinition(method,
                (target != null) ? AopUtils.getTargetClass(target) : null);
        if (definition == null) {
            return invocation.proceed();
        }
        List<String> keys = definition.templateKeys(invocation.getArguments());
        return switch (definition.returnType().kind()) {
            case SYNC -> invokeLocked(invocation, definition, keys);
            case COMPLETION_STAGE -> invokeUntilCompleted(invocation, definition, keys);
            // A suspend function reaches here as the Mono (or Flux) that Spring's proxy then awaits.
            case REACTIVE, SUSPENDING -> ReactiveLocking.lockOnSubscribe(invocation, definition, keys, this.lockTemplate);
        };
    }

    private @Nullable Object invokeLocked(MethodInvocation invocation, LockDefinition definition, List<String> keys)
            throws Throwable {
        HeldLocks held = HeldLocks.tryAcquire(this.lockTemplate.get(), definition, keys);
        if (held == null) {
            return notAcquired(definition, keys);
        }
        boolean joinsTransaction = ReleaseAfterTransaction.isTransactionActive();
        LockHandleStack.push(held.handles());
        try {
            return invocation.proceed();
        }
        finally {
            LockHandleStack.pop();
            if (joinsTransaction) {
                ReleaseAfterTransaction.releaseAfterCompletion(held);
            }
            else {
                held.release();
            }
        }
    }

    /**
     * The calling thread takes the lock; once the method has returned its stage, the lock is
     * detached from that thread (it outlives the call, so the thread must not re-enter it), and
     * whichever thread completes the stage releases it. The caller gets a dependent future (see the
     * class comment), so that nothing it does to its future completes the method's stage early.
     * Acquisition failures are reported through the stage, like any other failure of the
     * asynchronous work, when the return type allows a failed future.
     */
    private @Nullable Object invokeUntilCompleted(MethodInvocation invocation, LockDefinition definition,
            List<String> keys) throws Throwable {
        LockedReturnType returnType = definition.returnType();
        HeldLocks held;
        try {
            held = HeldLocks.tryAcquire(this.lockTemplate.get(), definition, keys);
            if (held == null) {
                return notAcquired(definition, keys);
            }
        }
        catch (DistributedLockException ex) {
            return returnType.failed(ex);
        }
        Object result;
        LockHandleStack.push(held.handles());
        try {
            result = invocation.proceed();
        }
        catch (Throwable ex) {
            LockHandleStack.pop();
            held.release();
            throw ex;
        }
        LockHandleStack.pop();
        if (result == null) {
            held.release();
            return null;
        }
        held.detachFromThread();
        return releaseWhenCompleted((CompletionStage<?>) result, held, invocation.getMethod().getReturnType());
    }

    /**
     * Releases {@code held} when the method's own {@code stage} completes and returns what the
     * caller gets: a new future completed after the release with the stage's outcome, as is (not
     * wrapped again), or the stage itself when the declared return type cannot hold a
     * {@link CompletableFuture} (a class of the application's own).
     */
    private static Object releaseWhenCompleted(CompletionStage<?> stage, HeldLocks held, Class<?> declaredType) {
        if (!declaredType.isAssignableFrom(CompletableFuture.class)) {
            stage.whenComplete((value, error) -> held.release());
            return stage;
        }
        CompletableFuture<Object> callers = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            try {
                held.release();
            }
            finally {
                if (error != null) {
                    callers.completeExceptionally(error);
                }
                else {
                    callers.complete(value);
                }
            }
        });
        return callers;
    }

    private static @Nullable Object notAcquired(LockDefinition definition, List<String> keys) {
        if (definition.onFailure() == LockFailureAction.SKIP) {
            return definition.returnType().skipValue();
        }
        throw HeldLocks.notAcquired(definition, keys);
    }
}
