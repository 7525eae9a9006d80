package io.distlock;

import java.time.Duration;

/**
 * The lock could not be acquired within the wait time (or the wait was interrupted).
 * The message names the key and the wait; no lock is held when this is thrown.
 */
public class LockAcquisitionException extends DistributedLockException {

    private static final long serialVersionUID = 1L;

    private final String key;

    private final Duration waitTime;

    public LockAcquisitionException(String key, Duration waitTime) {
        super("Could not acquire lock '" + key + "' within " + waitTime);
        this.key = key;
        this.waitTime = waitTime;
    }

    public LockAcquisitionException(String message, String key, Duration waitTime, Throwable cause) {
        super(message, cause);
        this.key = key;
        this.waitTime = waitTime;
    }

    /** The key as given to the template. */
    public String getKey() {
        return this.key;
    }

    /** How long the caller was prepared to wait. */
    public Duration getWaitTime() {
        return this.waitTime;
    }
}
