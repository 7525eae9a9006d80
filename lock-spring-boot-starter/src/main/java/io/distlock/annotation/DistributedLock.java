package io.distlock.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method while this process, and no other, holds a Redis lock for the
 * evaluated {@link #key()}.
 * <p>
 * The Redis key is {@code <key-prefix><name>:<evaluated key>}. The lock wraps the whole call,
 * {@code @Transactional} included, and is released when the method returns or throws; for a
 * {@code CompletionStage}, {@code Mono} or {@code Flux} result, when that result completes.
 * Nested calls on the same thread re-enter a lock the thread already holds.
 * <p>
 * Applied through a Spring AOP proxy, like {@code @Transactional}: only calls through the
 * proxy are locked, and the method must be overridable (not private, final or static).
 * Mistakes in the attributes fail the application at start-up.
 *
 * @see DistributedLocks#currentHandle()
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DistributedLock {

    /**
     * SpEL over the method's parameters: {@code #orderId}, {@code #order.id}, {@code #p0},
     * {@code #a0}, {@code {#from, #to}}. Only parameter variables, property reads, literals,
     * operators, indexing and inline lists are allowed (no types, constructors, beans or method
     * calls). A collection or array locks every distinct element, in sorted order.
     */
    String key();

    /**
     * The logical lock name, also the {@code lock} tag of the metrics; default
     * {@code SimpleClassName.method} of the target class.
     */
    String name() default "";

    /**
     * How long to wait for the lock: {@code "5s"}, {@code "500ms"}, {@code "PT5S"} or a
     * {@code ${...}} placeholder; {@code "0s"} tries once. Empty uses
     * {@code distributed-lock.wait-time}.
     */
    String waitTime() default "";

    /**
     * A fixed lease in the same formats as {@link #waitTime()}; empty (the default) uses a
     * lease that the watchdog renews while the method runs.
     */
    String leaseTime() default "";

    /**
     * Keep the lock this long after acquiring it, even if the method returns sooner; empty or
     * zero for none. Must not be longer than a fixed {@link #leaseTime()}.
     */
    String minHoldTime() default "";

    /** What to do when the lock cannot be acquired within the wait. */
    LockFailureAction onFailure() default LockFailureAction.THROW;
}
