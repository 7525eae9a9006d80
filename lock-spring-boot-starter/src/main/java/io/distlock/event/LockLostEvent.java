package io.distlock.event;

import org.springframework.context.ApplicationEvent;

import io.distlock.LockHandle;
import io.distlock.LockListener.LostReason;

/**
 * Published when a lock this application held was found lost: its key was deleted or taken by
 * another owner, its renewals kept failing until the lease ran out, or it was held past the
 * watchdog's max-hold. From that moment another process may hold the lock, so work still running
 * under it is no longer protected; the fencing token tells the protected resource which writes to
 * reject.
 * <p>
 * The event is published on the thread that found the loss, usually the watchdog's: listeners
 * should be quick, or hand the work off (for example with {@code @Async}), so that the renewal of
 * other locks is not delayed. The loss itself is logged at WARN by the lock engine.
 */
public class LockLostEvent extends ApplicationEvent {

    private final String name;

    private final String key;

    private final long fencingToken;

    private final LostReason reason;

    /**
     * Creates an event for {@code lock}.
     * @param lock the lost hold (the event's source)
     * @param reason why it was lost
     */
    public LockLostEvent(LockHandle lock, LostReason reason) {
        super(lock);
        this.name = lock.name();
        this.key = lock.key();
        this.fencingToken = lock.fencingToken();
        this.reason = reason;
    }

    /** The lock's logical name, as in the {@code lock} metrics tag. */
    public String getName() {
        return this.name;
    }

    /** The key as given to the template (without the key prefix). */
    public String getKey() {
        return this.key;
    }

    /** The fencing token of the lost hold. */
    public long getFencingToken() {
        return this.fencingToken;
    }

    /** Why the lock was lost. */
    public LostReason getReason() {
        return this.reason;
    }

    @Override
    public String toString() {
        return "LockLostEvent[name=" + this.name + ", key=" + this.key + ", fencingToken=" + this.fencingToken
                + ", reason=" + this.reason + "]";
    }
}
