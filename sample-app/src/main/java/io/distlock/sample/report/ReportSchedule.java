package io.distlock.sample.report;

import java.time.Duration;
import java.time.Instant;

/**
 * The report's schedule, derived from one setting, {@code sample.report.interval}:
 * <ul>
 * <li>a cron expression that fires at every multiple of the interval on the clock (10 s fires at
 * :00, :10, :20 ...), the same instants on every instance; so the interval must divide a minute,
 * an hour or a day;</li>
 * <li>the minimum hold of the lock, a bit less than the interval: long enough that instances whose
 * clocks or schedulers lag a little find the lock still taken, short enough that it is free again
 * at the next window.</li>
 * </ul>
 *
 * @param interval the time between two reports
 */
public record ReportSchedule(Duration interval) {

    private static final Duration MAX_MARGIN = Duration.ofSeconds(1);

    /**
     * Checks the interval.
     * @param interval the time between two reports
     * @throws IllegalArgumentException when it is not a whole number of seconds that divides a
     * minute, a whole number of minutes that divides an hour, or a whole number of hours that
     * divides a day
     */
    public ReportSchedule {
        if (interval == null || cronFor(interval) == null) {
            throw new IllegalArgumentException("sample.report.interval must divide a minute, an hour or a day evenly "
                    + "(e.g. 2s, 10s, 30s, 1m, 15m, 1h), was " + interval);
        }
    }

    /**
     * The cron expression of the job (second, minute, hour, day, month, weekday; in UTC).
     * @return e.g. {@code *}{@code /10 * * * * *} for 10 s
     */
    public String cron() {
        return cronFor(interval);
    }

    /**
     * How long the winner of a window keeps the lock: the interval less a quarter of it, at most
     * one second less.
     * @return the minimum hold
     */
    public Duration minHold() {
        Duration quarter = interval.dividedBy(4);
        return interval.minus(quarter.compareTo(MAX_MARGIN) < 0 ? quarter : MAX_MARGIN);
    }

    /**
     * The window an instant falls in.
     * @param instant e.g. the time the job fired
     * @return the start of its window
     */
    public Instant windowOf(Instant instant) {
        long millis = interval.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), millis) * millis);
    }

    private static String cronFor(Duration interval) {
        if (interval.isNegative() || interval.isZero() || interval.toMillisPart() != 0) {
            return null;
        }
        long seconds = interval.getSeconds();
        if (seconds < 60) {
            return (60 % seconds == 0) ? "*/" + seconds + " * * * * *" : null;
        }
        if (seconds % 60 != 0) {
            return null;
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return (60 % minutes == 0) ? "0 */" + minutes + " * * * *" : null;
        }
        if (minutes % 60 != 0) {
            return null;
        }
        long hours = minutes / 60;
        return (hours <= 24 && 24 % hours == 0) ? "0 0 */" + hours + " * * *" : null;
    }
}
