package io.distlock;

/**
 * Root of every exception distlock throws. Unchecked, like Spring's {@code DataAccessException}.
 */
public class DistributedLockException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DistributedLockException(String message) {
        super(message);
    }

    public DistributedLockException(String message, Throwable cause) {
        super(message, cause);
    }
}
