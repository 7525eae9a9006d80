package io.distlock.event;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;

import io.distlock.LockHandle;
import io.distlock.LockListener;

/**
 * A {@link LockListener} that publishes a {@link LockLostEvent} for every lost lock. It does not
 * log: the lock engine already logs each loss at WARN with the lock's name, Redis key, fencing
 * token and reason.
 */
public class LockLostEventPublisher implements LockListener {

    private final ApplicationEventPublisher publisher;

    /**
     * Creates a publisher.
     * @param publisher where the events go, usually the application context
     */
    public LockLostEventPublisher(ApplicationEventPublisher publisher) {
        Assert.notNull(publisher, "'publisher' must not be null");
        this.publisher = publisher;
    }

    @Override
    public void lost(LockHandle lock, LostReason reason) {
        this.publisher.publishEvent(new LockLostEvent(lock, reason));
    }
}
