package io.distlock.actuate.health;


import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.Assert;

import io.distlock.LockTemplate;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.watchdog.Watchdog;

/**
 * Health of distributed locking: UP when Redis answers {@code PING} and the watchdog keeps up
 * with its renewals; DOWN otherwise.
 * <p>
 * Computed only when asked (nothing touches Redis at start-up); the {@code PING} is bounded by the
 * Redis client's command timeout ({@code spring.data.redis.timeout}). The watchdog is behind when a
 * lock's renewal is overdue by its interval or more (a third of the lease), because the renewals
 * fail, do not answer, or the rounds run late: the lock is then at risk of expiring while held. Details: {@code watchedLocks}, {@code watchdogIntervalMillis},
 * {@code watchdogLagMillis}, and, when DOWN, {@code error} and {@code cause} (exception class and
 * message with secrets masked) or {@code reason}.
 * <p>
 * A failed {@code PING} is handled here rather than by {@link AbstractHealthIndicator}, whose
 * {@code error} detail would show the exception message unmasked.
 */
public class DistributedLockHealthIndicator extends AbstractHealthIndicator {

    private static final Log logger = LogFactory.getLog(DistributedLockHealthIndicator.class);

    private final RedisConnectionFactory connectionFactory;

    private final @Nullable Watchdog watchdog;

    private final SecretMasker secretMasker;

    /**
     * Creates an indicator.
     * @param connectionFactory the Redis the locks live in
     * @param lockTemplate the template whose watchdog is checked (when it is a {@link DefaultLockTemplate})
     * @param secretMasker masks secrets in error messages
     */
    public DistributedLockHealthIndicator(RedisConnectionFactory connectionFactory, LockTemplate lockTemplate,
            SecretMasker secretMasker) {
        this(connectionFactory, (lockTemplate instanceof DefaultLockTemplate template) ? template.watchdog() : null,
                secretMasker);
    }

    /**
     * Creates an indicator.
     * @param connectionFactory the Redis the locks live in
     * @param watchdog the watchdog to check, or {@code null} for none
     * @param secretMasker masks secrets in error messages
     */
    public DistributedLockHealthIndicator(RedisConnectionFactory connectionFactory, @Nullable Watchdog watchdog,
            SecretMasker secretMasker) {
        Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
        Assert.notNull(secretMasker, "'secretMasker' must not be null");
        this.connectionFactory = connectionFactory;
        this.watchdog = watchdog;
        this.secretMasker = secretMasker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up();
        boolean watchdogBehind = WatchdogHealth.addDetails(this.watchdog, builder);
        try {
            RedisPing.ping(this.connectionFactory);
        }
        catch (RuntimeException ex) {
            String error = this.secretMasker.describe(ex);
            logger.warn("Distributed lock health check failed: " + error);
            builder.down().withDetail("error", error);
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
            if (cause != ex) {
                builder.withDetail("cause", this.secretMasker.describe(cause));
            }
            return;
        }
        if (watchdogBehind) {
            builder.down().withDetail("reason", WatchdogHealth.BEHIND);
        }
    }
}
