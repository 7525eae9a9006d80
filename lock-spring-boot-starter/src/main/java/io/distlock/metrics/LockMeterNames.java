package io.distlock.metrics;

/**
 * The names, tag keys and tag values of the lock meters. They are part of the public contract:
 * dashboards and alerts rely on them.
 * <p>
 * Every meter is tagged {@value #LOCK_TAG} with the lock's logical name, never with the key
 * (keys are unbounded; names are a few constants per application).
 */
public final class LockMeterNames {

    /** Timer: time spent acquiring, tagged {@value #LOCK_TAG} and {@value #OUTCOME_TAG}. */
    public static final String ACQUIRE = "distributed.lock.acquire";

    /** Timer: how long each hold lasted, tagged {@value #LOCK_TAG} and {@value #OUTCOME_TAG}. */
    public static final String HELD = "distributed.lock.held";

    /** Gauge: the locks this process holds now, tagged {@value #LOCK_TAG}. */
    public static final String ACTIVE = "distributed.lock.active";

    /** Counter: watchdog renewals by outcome, tagged {@value #LOCK_TAG} and {@value #OUTCOME_TAG}. */
    public static final String RENEWALS = "distributed.lock.renewals";

    /** The tag holding the lock's logical name. */
    public static final String LOCK_TAG = "lock";

    /** The tag holding how an operation ended. */
    public static final String OUTCOME_TAG = "outcome";

    /** {@link #ACQUIRE} outcome: the lock was taken. */
    public static final String ACQUIRED = "acquired";

    /** {@link #ACQUIRE} outcome: the wait ran out. */
    public static final String TIMEOUT = "timeout";

    /** {@link #ACQUIRE} and {@link #RENEWALS} outcome: Redis failed or could not be reached. */
    public static final String ERROR = "error";

    /** {@link #HELD} outcome: released while still owned. */
    public static final String RELEASED = "released";

    /** {@link #HELD} outcome: ownership was already gone at release (lost or lease ran out). */
    public static final String EXPIRED = "expired";

    /** {@link #RENEWALS} outcome: the lease was extended. */
    public static final String RENEWED = "renewed";

    /** {@link #RENEWALS} outcome: the lock was found lost. */
    public static final String LOST = "lost";

    private LockMeterNames() {
    }
}
