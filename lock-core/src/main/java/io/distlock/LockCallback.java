package io.distlock;

/**
 * Work to run while a lock is held; see {@link LockTemplate#execute(String, LockOptions, LockCallback)}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface LockCallback<T> {

    /**
     * Runs with the lock held. Unchecked exceptions pass through {@code execute} unchanged,
     * after the lock has been released.
     * @param lock the hold, for its fencing token or to extend it
     * @return the result handed back by {@code execute}
     */
    T doInLock(LockHandle lock);
}
