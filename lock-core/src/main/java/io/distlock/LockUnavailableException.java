package io.distlock;

/**
 * Redis could not be reached or answered with an error, or the template was closed.
 * The cause, when there is one, is the client's exception. No lock is held when this is
 * thrown from an acquisition.
 */
public class LockUnavailableException extends DistributedLockException {

    private static final long serialVersionUID = 1L;

    public LockUnavailableException(String message) {
        super(message);
    }

    public LockUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
