package io.distlock.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.distlock.LockHandle;
import io.distlock.LockListener;

/**
 * The registered listeners, called as one; a listener that throws is logged and skipped, so a
 * broken metrics binding never breaks locking.
 */
final class Listeners implements LockListener {

    private static final Log logger = LogFactory.getLog(Listeners.class);

    private final List<LockListener> listeners = new CopyOnWriteArrayList<>();

    void add(LockListener listener) {
        this.listeners.add(listener);
    }

    void remove(LockListener listener) {
        this.listeners.remove(listener);
    }

    @Override
    public void acquired(LockHandle lock, Duration waited) {
        each((listener) -> listener.acquired(lock, waited));
    }

    @Override
    public void acquireFailed(String name, String key, Duration waited, Throwable error) {
        each((listener) -> listener.acquireFailed(name, key, waited, error));
    }

    @Override
    public void released(LockHandle lock, Duration heldFor, boolean stillOwned) {
        each((listener) -> listener.released(lock, heldFor, stillOwned));
    }

    @Override
    public void renewed(LockHandle lock) {
        each((listener) -> listener.renewed(lock));
    }

    @Override
    public void renewalFailed(LockHandle lock, Throwable error) {
        each((listener) -> listener.renewalFailed(lock, error));
    }

    @Override
    public void lost(LockHandle lock, LostReason reason) {
        each((listener) -> listener.lost(lock, reason));
    }

    private void each(Consumer<LockListener> call) {
        for (LockListener listener : this.listeners) {
            try {
                call.accept(listener);
            }
            catch (RuntimeException ex) {
                logger.warn("Lock listener " + listener + " failed", ex);
            }
        }
    }
}
