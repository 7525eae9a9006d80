package io.distlock.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;

/**
 * Configuration of distributed locks, under {@code distributed-lock}. Values are checked as they
 * are bound; a bad one fails the application at start-up, naming the property.
 */
@ConfigurationProperties("distributed-lock")
public class DistributedLockProperties {

    /**
     * Default order of the {@code @DistributedLock} advisor: ahead of (outside) Spring's transaction
     * advisor, whose default order is {@link Ordered#LOWEST_PRECEDENCE}.
     */
    public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    /**
     * Whether to enable distributed locks: the LockTemplate bean and the @DistributedLock
     * annotation.
     */
    private boolean enabled = true;

    /**
     * Prefix of every Redis key and pub/sub channel the locks use.
     */
    private String keyPrefix = "lock:";

    /**
     * How long @DistributedLock methods that set no waitTime wait for their lock.
     */
    private Duration waitTime = Duration.ofSeconds(5);

    /**
     * Lease of locks without a fixed lease; the watchdog renews it at a third of this while the
     * lock is held.
     */
    private Duration leaseTime = Duration.ofSeconds(30);

    /**
     * How many replicas must acknowledge an acquisition before it counts; 0 to not wait for
     * replicas.
     */
    private int minReplicasAcked = 0;

    /**
     * How long an acquisition waits for min-replicas-acked replicas before it gives the lock back.
     * Keep it below the Redis client's command timeout (spring.data.redis.timeout).
     */
    private Duration replicaAckTimeout = Duration.ofSeconds(1);

    /**
     * Order of the @DistributedLock advisor among other advisors. Keep it below the transaction
     * advisor's order so that the lock is released only after the transaction has completed.
     */
    private int order = DEFAULT_ORDER;

    private final Watchdog watchdog = new Watchdog();

    private final Redlock redlock = new Redlock();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getKeyPrefix() {
        return this.keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        if (keyPrefix == null || keyPrefix.isBlank()) {
            throw new IllegalArgumentException("distributed-lock.key-prefix must not be blank");
        }
        this.keyPrefix = keyPrefix;
    }

    public Duration getWaitTime() {
        return this.waitTime;
    }

    public void setWaitTime(Duration waitTime) {
        if (waitTime == null || waitTime.isNegative()) {
            throw new IllegalArgumentException("distributed-lock.wait-time must not be negative, was " + waitTime);
        }
        this.waitTime = waitTime;
    }

    public Duration getLeaseTime() {
        return this.leaseTime;
    }

    public void setLeaseTime(Duration leaseTime) {
        this.leaseTime = requirePositive("distributed-lock.lease-time", leaseTime);
    }

    public int getMinReplicasAcked() {
        return this.minReplicasAcked;
    }

    public void setMinReplicasAcked(int minReplicasAcked) {
        if (minReplicasAcked < 0) {
            throw new IllegalArgumentException(
                    "distributed-lock.min-replicas-acked must not be negative, was " + minReplicasAcked);
        }
        this.minReplicasAcked = minReplicasAcked;
    }

    public Duration getReplicaAckTimeout() {
        return this.replicaAckTimeout;
    }

    public void setReplicaAckTimeout(Duration replicaAckTimeout) {
        this.replicaAckTimeout = requirePositive("distributed-lock.replica-ack-timeout", replicaAckTimeout);
    }

    public int getOrder() {
        return this.order;
    }

    public void setOrder(int order) {
        this.order = order;
    }

    public Watchdog getWatchdog() {
        return this.watchdog;
    }

    public Redlock getRedlock() {
        return this.redlock;
    }

    private static Duration requirePositive(String property, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(property + " must be positive, was " + value);
        }
        return value;
    }

    /**
     * The watchdog that renews the leases of locks without a fixed lease.
     */
    public static class Watchdog {

        /**
         * Longest a lock is renewed; a lock held longer than this is left to expire with its
         * lease, in case its holder is stuck.
         */
        private Duration maxHold = Duration.ofHours(1);

        public Duration getMaxHold() {
            return this.maxHold;
        }

        public void setMaxHold(Duration maxHold) {
            this.maxHold = requirePositive("distributed-lock.watchdog.max-hold", maxHold);
        }
    }

    /**
     * Locking across independent Redis masters.
     */
    public static class Redlock {

        /**
         * URLs (redis://[user:pass@]host:port) of independent Redis masters; three or more switch
         * to the quorum (Redlock) algorithm.
         */
        private List<String> nodes = new ArrayList<>();

        /**
         * How long one node may take to answer an acquisition; much shorter than the lease. A node
         * slower than this counts as not granting the lock.
         */
        private Duration nodeTimeout = Duration.ofMillis(200);

        /**
         * Name of the SSL bundle (spring.ssl.bundle.*) that rediss:// nodes trust and present;
         * unset = the JVM's default trust store.
         */
        private String sslBundle;

        public List<String> getNodes() {
            return this.nodes;
        }

        public void setNodes(List<String> nodes) {
            this.nodes = nodes;
        }

        public String getSslBundle() {
            return this.sslBundle;
        }

        public void setSslBundle(String sslBundle) {
            this.sslBundle = sslBundle;
        }

        public Duration getNodeTimeout() {
            return this.nodeTimeout;
        }

        public void setNodeTimeout(Duration nodeTimeout) {
            this.nodeTimeout = requirePositive("distributed-lock.redlock.node-timeout", nodeTimeout);
        }
    }
}
