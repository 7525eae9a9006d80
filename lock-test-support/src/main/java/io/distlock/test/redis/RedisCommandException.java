package io.distlock.test.redis;

/** An error reply ({@code -ERR ...}, {@code -NOAUTH ...}, {@code -MOVED ...}) from a Redis server. */
public class RedisCommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the error line without the leading {@code -} */
    public RedisCommandException(String message) {
        super(message);
    }

    /** The first word of the error, e.g. {@code ERR}, {@code WRONGTYPE}, {@code NOAUTH}, {@code MOVED}. */
    public String errorCode() {
        String message = getMessage();
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }
}
