package io.distlock.actuate.health;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;

import io.distlock.watchdog.Watchdog;

/**
 * The watchdog's part of the lock health, shared by the single-Redis and the Redlock indicator:
 * its details, and whether it is behind (a renewal overdue by a whole interval, so a lock is at
 * risk of expiring while held).
 */
final class WatchdogHealth {

    /** The {@code reason} of a health that is DOWN because the watchdog is behind. */
    static final String BEHIND = "The lock watchdog is behind its renewal interval";

    private WatchdogHealth() {
    }

    /**
     * Adds {@code watchedLocks}, {@code watchdogIntervalMillis} and {@code watchdogLagMillis}.
     * @param watchdog the watchdog, or {@code null} when the template has none
     * @return whether the watchdog is behind
     */
    static boolean addDetails(@Nullable Watchdog watchdog, Health.Builder builder) {
        if (watchdog == null) {
            return false;
        }
        Duration interval = watchdog.interval();
        Duration lag = watchdog.lag();
        builder.withDetail("watchedLocks", watchdog.watchedCount())
            .withDetail("watchdogIntervalMillis", interval.toMillis())
            .withDetail("watchdogLagMillis", lag.toMillis());
        return lag.compareTo(interval) >= 0;
    }
}
