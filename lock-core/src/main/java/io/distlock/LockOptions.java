package io.distlock;

import java.time.Duration;
import java.util.Objects;

/**
 * How to acquire one lock: how long to wait, how long the lease runs and what to call it
 * in metrics. Immutable; build with {@link #builder()}.
 */
public final class LockOptions {

    /** The metrics name of programmatic locks that set none. */
    public static final String DEFAULT_NAME = "template";

    private static final LockOptions DEFAULTS = builder().build();

    private final Duration waitTime;

    private final Duration leaseTime;

    private final Duration minHoldTime;

    private final String name;

    private LockOptions(Builder builder) {
        this.waitTime = builder.waitTime;
        this.leaseTime = builder.leaseTime;
        this.minHoldTime = builder.minHoldTime;
        this.name = builder.name;
    }

    /** Options with every value unset: try once, watchdog lease, name {@value #DEFAULT_NAME}. */
    public static LockOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder().waitTime(this.waitTime).leaseTime(this.leaseTime).minHoldTime(this.minHoldTime)
                .name(this.name);
    }

    /** How long to wait for the lock; zero tries once. */
    public Duration waitTime() {
        return this.waitTime;
    }

    /** The fixed lease, or {@code null} for a lease that the watchdog renews. */
    public Duration leaseTime() {
        return this.leaseTime;
    }

    /**
     * How long the lock stays taken after acquisition even if released sooner (its TTL is cut
     * to the remainder instead of deleting it); zero for none.
     */
    public Duration minHoldTime() {
        return this.minHoldTime;
    }

    /** The lock's name for metrics. */
    public String name() {
        return this.name;
    }

    @Override
    public boolean equals(Object other) {
        return (other instanceof LockOptions that) && this.waitTime.equals(that.waitTime)
                && Objects.equals(this.leaseTime, that.leaseTime) && this.minHoldTime.equals(that.minHoldTime)
                && this.name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.waitTime, this.leaseTime, this.minHoldTime, this.name);
    }

    @Override
    public String toString() {
        return "LockOptions[name=" + this.name + ", waitTime=" + this.waitTime + ", leaseTime="
                + ((this.leaseTime != null) ? this.leaseTime : "watchdog") + ", minHoldTime=" + this.minHoldTime + "]";
    }

    /** Builds {@link LockOptions}; arguments are checked as they are set. */
    public static final class Builder {

        private Duration waitTime = Duration.ZERO;

        private Duration leaseTime;

        private Duration minHoldTime = Duration.ZERO;

        private String name = DEFAULT_NAME;

        private Builder() {
        }

        /** How long to wait; zero (the default) tries once. Must not be negative. */
        public Builder waitTime(Duration waitTime) {
            Objects.requireNonNull(waitTime, "waitTime must not be null");
            if (waitTime.isNegative()) {
                throw new IllegalArgumentException("waitTime must not be negative: " + waitTime);
            }
            this.waitTime = waitTime;
            return this;
        }

        /** A fixed lease, positive; {@code null} (the default) for a watchdog-renewed lease. */
        public Builder leaseTime(Duration leaseTime) {
            if (leaseTime != null && (leaseTime.isZero() || leaseTime.isNegative())) {
                throw new IllegalArgumentException("leaseTime must be positive: " + leaseTime);
            }
            this.leaseTime = leaseTime;
            return this;
        }

        /** Keep the lock at least this long after acquiring it; zero (the default) for none. */
        public Builder minHoldTime(Duration minHoldTime) {
            Objects.requireNonNull(minHoldTime, "minHoldTime must not be null");
            if (minHoldTime.isNegative()) {
                throw new IllegalArgumentException("minHoldTime must not be negative: " + minHoldTime);
            }
            this.minHoldTime = minHoldTime;
            return this;
        }

        /** The metrics name; a low-cardinality constant, never the key. */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be null or blank");
            }
            this.name = name;
            return this;
        }

        public LockOptions build() {
            if (this.leaseTime != null && this.minHoldTime.compareTo(this.leaseTime) > 0) {
                throw new IllegalArgumentException(
                        "minHoldTime " + this.minHoldTime + " is longer than leaseTime " + this.leaseTime);
            }
            return new LockOptions(this);
        }
    }
}
