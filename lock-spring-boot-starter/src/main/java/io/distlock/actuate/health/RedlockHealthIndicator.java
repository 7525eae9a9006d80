package io.distlock.actuate.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.Assert;

import io.distlock.watchdog.Watchdog;

/**
 * Health of distributed locking over Redlock: every node is sent a {@code PING}, all at once, each
 * allowed the node timeout to answer. UP while a majority (the quorum) answers, also when some
 * nodes do not (the details then show which); DOWN when no majority answers, as no lock can be
 * taken then, or when the watchdog is behind its renewal interval.
 * <p>
 * Details: {@code quorum}, {@code nodesUp}, {@code nodes} (one entry per node, in configured
 * order: {@code node}, its URL with credentials masked, {@code status} and, when DOWN,
 * {@code error}), {@code degraded} when some but not a majority of nodes are down, the watchdog's
 * {@code watchedLocks}, {@code watchdogIntervalMillis} and {@code watchdogLagMillis}, and
 * {@code reason} when DOWN. Computed only when asked; nothing touches Redis at start-up.
 */
public class RedlockHealthIndicator extends AbstractHealthIndicator {

    private static final Log logger = LogFactory.getLog(RedlockHealthIndicator.class);

    private final Map<String, RedisConnectionFactory> nodes;

    private final int quorum;

    private final Duration nodeTimeout;

    private final @Nullable Watchdog watchdog;

    private final SecretMasker secretMasker;

    /** Daemon threads, so that a node that never answers holds up neither the check nor shutdown. */
    private final ExecutorService pings = Executors.newCachedThreadPool((task) -> {
        Thread thread = new Thread(task, "distlock-redlock-health");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Creates an indicator.
     * @param nodes the connections to each node, keyed by its name (URL with credentials masked), in
     * node order
     * @param quorum how many nodes must answer for locks to be taken
     * @param nodeTimeout how long each node may take to answer
     * @param watchdog the watchdog to check, or {@code null} for none
     * @param secretMasker masks secrets in error messages
     */
    public RedlockHealthIndicator(Map<String, RedisConnectionFactory> nodes, int quorum, Duration nodeTimeout,
            @Nullable Watchdog watchdog, SecretMasker secretMasker) {
        Assert.notEmpty(nodes, "'nodes' must not be empty");
        Assert.isTrue(quorum > 0 && quorum <= nodes.size(), "'quorum' must be between 1 and the number of nodes");
        Assert.notNull(nodeTimeout, "'nodeTimeout' must not be null");
        Assert.notNull(secretMasker, "'secretMasker' must not be null");
        this.nodes = new LinkedHashMap<>(nodes);
        this.quorum = quorum;
        this.nodeTimeout = nodeTimeout;
        this.watchdog = watchdog;
        this.secretMasker = secretMasker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, CompletableFuture<Void>> pinged = new LinkedHashMap<>();
        this.nodes.forEach((name, connectionFactory) -> pinged.put(name,
                CompletableFuture.runAsync(() -> RedisPing.ping(connectionFactory), this.pings)
                    .orTimeout(this.nodeTimeout.toMillis(), TimeUnit.MILLISECONDS)));
        List<Map<String, Object>> nodeDetails = new ArrayList<>();
        int up = 0;
        for (Map.Entry<String, CompletableFuture<Void>> node : pinged.entrySet()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("node", node.getKey());
            String error = errorOf(node.getValue());
            if (error == null) {
                detail.put("status", "UP");
                up++;
            }
            else {
                detail.put("status", "DOWN");
                detail.put("error", error);
                logger.warn("Redlock node " + node.getKey() + " did not answer the health check: " + error);
            }
            nodeDetails.add(detail);
        }
        builder.up()
            .withDetail("quorum", this.quorum)
            .withDetail("nodesUp", up)
            .withDetail("nodes", nodeDetails);
        boolean watchdogBehind = WatchdogHealth.addDetails(this.watchdog, builder);
        if (up < this.quorum) {
            builder.down()
                .withDetail("reason", up + " of " + this.nodes.size() + " Redlock nodes answered; locks need "
                        + this.quorum);
            return;
        }
        if (up < this.nodes.size()) {
            builder.withDetail("degraded", true);
        }
        if (watchdogBehind) {
            builder.down().withDetail("reason", WatchdogHealth.BEHIND);
        }
    }

    /** The masked error of a ping, or {@code null} when the node answered. */
    private @Nullable String errorOf(CompletableFuture<Void> ping) {
        try {
            ping.join();
            return null;
        }
        catch (RuntimeException ex) {
            Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
            if (cause instanceof TimeoutException) {
                return "No answer within " + this.nodeTimeout.toMillis() + " ms";
            }
            Throwable specific = NestedExceptionUtils.getMostSpecificCause(cause);
            String error = this.secretMasker.describe(cause);
            return (specific != cause) ? error + "; cause: " + this.secretMasker.describe(specific) : error;
        }
    }
}
