package io.distlock.annotation.support;

import java.lang.reflect.Method;
import java.util.List;
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

/**
 * Runs {@link io.distlock.annotation.DistributedLock} methods under their lock: evaluate the key,
 * acquire, invoke, release. Exceptions of the method pass through unchanged; the lock is
 * released after it returns or throws, or, for a {@link CompletionStage} or reactive result,
 * once that result completes.
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
        LockHandleStack.push(held.handles());
        try {
            return invocation.proceed();
        }
        finally {
            LockHandleStack.pop();
            held.release();
        }
    }

    /**
     * The calling thread takes the lock; once the method has returned its stage, the lock is
     * detached from that thread (it outlives the call, so the thread must not re-enter it), and
     * whichever thread completes the stage releases it. Acquisition failures are reported through
     * the stage, like any other failure of the asynchronous work, when the return type allows a
     * failed future.
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
        // Not the stage whenComplete returns: the caller keeps the method's own (cancellable) future.
        ((CompletionStage<?>) result).whenComplete((value, error) -> held.release());
        return result;
    }

    private static @Nullable Object notAcquired(LockDefinition definition, List<String> keys) {
        if (definition.onFailure() == LockFailureAction.SKIP) {
            return definition.returnType().skipValue();
        }
        throw HeldLocks.notAcquired(definition, keys);
    }
}
