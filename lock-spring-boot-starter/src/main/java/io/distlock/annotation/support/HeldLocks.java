package io.distlock.annotation.support;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.distlock.LockAcquisitionException;
import io.distlock.LockHandle;
import io.distlock.LockTemplate;

/**
 * The holds one annotated call acquired, one per key in lock order, released together and at
 * most once, from whichever thread ends the call.
 */
final class HeldLocks {

    private static final Log logger = LogFactory.getLog(HeldLocks.class);

    private final List<LockHandle> handles;

    private final AtomicBoolean released = new AtomicBoolean();

    private HeldLocks(List<LockHandle> handles) {
        this.handles = handles;
    }

    /**
     * Acquires every key of a call, all or nothing, waiting up to the definition's wait time.
     * @return the holds, or {@code null} when the wait ran out
     * @throws io.distlock.LockUnavailableException when Redis cannot be reached
     */
    static @Nullable HeldLocks tryAcquire(LockTemplate template, LockDefinition definition, List<String> keys) {
        if (keys.size() == 1) {
            return template.tryLock(keys.get(0), definition.options()).map((handle) -> new HeldLocks(List.of(handle)))
                .orElse(null);
        }
        return template.tryLockAll(keys, definition.options()).map(HeldLocks::new).orElse(null);
    }

    /** The exception of a THROW method whose wait ran out. */
    static LockAcquisitionException notAcquired(LockDefinition definition, List<String> keys) {
        if (keys.size() == 1) {
            return new LockAcquisitionException(keys.get(0), definition.options().waitTime());
        }
        String joined = String.join(", ", keys);
        return new LockAcquisitionException("Could not acquire locks [" + joined + "] within "
                + definition.options().waitTime(), joined, definition.options().waitTime(), null);
    }

    List<LockHandle> handles() {
        return this.handles;
    }

    /**
     * Closes every hold, last acquired first. A failure to release is logged, not thrown: the
     * call's own outcome (its result, or the exception it threw) is what the caller must see,
     * and an unreleased lock still expires with its lease.
     */
    /** Unties every hold from the calling thread (see {@link LockHandle#detachFromThread()}). */
    void detachFromThread() {
        this.handles.forEach(LockHandle::detachFromThread);
    }

    void release() {
        if (!this.released.compareAndSet(false, true)) {
            return;
        }
        for (int i = this.handles.size() - 1; i >= 0; i--) {
            LockHandle handle = this.handles.get(i);
            try {
                handle.close();
            }
            catch (RuntimeException ex) {
                logger.warn("Could not release lock '" + handle.key() + "'; it expires with its lease", ex);
            }
        }
    }
}
