package io.distlock.test.redis;

/** A redis-server (or Sentinel) process did not come up; the message ends with the tail of its log. */
public class RedisStartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, including the server's log tail */
    public RedisStartupException(String message) {
        super(message);
    }
}
