package io.distlock.redis;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How releases are announced and heard. Messages are {@code "<backend id> <lock key>"}; a
 * backend skips its own, since the engine wakes its local waiters directly.
 */
interface ReleaseChannel {

    /** The command the release scripts publish with: {@code publish} or {@code spublish}. */
    String publishCommand();

    /** The channel a release of {@code lockKey} is published on. */
    String channelFor(String lockKey);

    /** The message announcing that this backend released {@code lockKey}. */
    String messageFor(String lockKey);

    /**
     * Makes sure releases of {@code lockKey} are heard, waiting up to {@code timeout} for the
     * subscription.
     * @param onRelease called with the lock key of every release another backend announced
     * @return whether the subscription is active
     */
    boolean listen(String lockKey, Consumer<String> onRelease, Duration timeout);

    void close();

    /**
     * The lock key a message announces, or null for this backend's own releases.
     * @param backendId this backend's id
     * @param message the message body
     */
    static String releasedKey(String backendId, String message) {
        int space = message.indexOf(' ');
        if (space <= 0 || message.regionMatches(0, backendId, 0, space) && space == backendId.length()) {
            return null;
        }
        return message.substring(space + 1);
    }
}
