package io.distlock.redis;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Sharded pub/sub on Redis Cluster 7+ with Lettuce: a release is published with
 * {@code SPUBLISH} on a channel in the lock's own hash slot, so only the shard that holds the
 * lock carries it, instead of every node of the cluster. A backend has one pub/sub connection,
 * which Lettuce spreads over the nodes, and subscribes ({@code SSUBSCRIBE}) to a slot's channel
 * the first time it waits for a lock in that slot: at most one channel per slot.
 */
final class ShardedReleaseChannel implements ReleaseChannel {

    private static final Log logger = LogFactory.getLog(ShardedReleaseChannel.class);

    private static final long CLOSE_WAIT_MILLIS = 1000;

    private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.cluster.RedisClusterClient",
            ShardedReleaseChannel.class.getClassLoader());

    private final RedisClusterClient client;

    private final SlotKeys channels;

    private final String backendId;

    private final Set<Integer> subscribedSlots = ConcurrentHashMap.newKeySet();

    private final ReentrantLock lock = new ReentrantLock();

    private volatile Consumer<String> onRelease;

    private CompletableFuture<StatefulRedisClusterPubSubConnection<String, String>> connection;

    private boolean closed;

    private ShardedReleaseChannel(RedisClusterClient client, String keyPrefix, String backendId) {
        this.client = client;
        this.channels = new SlotKeys(keyPrefix, "released");
        this.backendId = backendId;
    }

    /** A sharded channel when the factory is a Lettuce Cluster client, else null. */
    static ReleaseChannel forFactory(RedisConnectionFactory factory, String keyPrefix, String backendId) {
        if (!LETTUCE_PRESENT || !(factory instanceof LettuceConnectionFactory lettuce)) {
            return null;
        }
        AbstractRedisClient client = lettuce.getNativeClient();
        return (client instanceof RedisClusterClient cluster) ? new ShardedReleaseChannel(cluster, keyPrefix, backendId)
                : null;
    }

    @Override
    public String publishCommand() {
        return "spublish";
    }

    @Override
    public String channelFor(String lockKey) {
        return this.channels.keyFor(lockKey);
    }

    @Override
    public String messageFor(String lockKey) {
        return this.backendId + " " + lockKey;
    }

    @Override
    public boolean listen(String lockKey, Consumer<String> onRelease, Duration timeout) {
        this.onRelease = onRelease;
        int slot = ClusterSlotHashUtil.calculateSlot(lockKey);
        if (this.subscribedSlots.contains(slot)) {
            return true;
        }
        long timeoutNanos = Math.max(1, timeout.toNanos());
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            StatefulRedisClusterPubSubConnection<String, String> connection = connection().get(timeoutNanos,
                    TimeUnit.NANOSECONDS);
            // Subscribing twice to one slot's channel (two waiters at once) is harmless.
            connection.async().ssubscribe(channelFor(lockKey)).get(Math.max(1, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            this.subscribedSlots.add(slot);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        catch (Exception ex) {
            logger.debug("Could not subscribe to the release channel of slot " + slot, ex);
            return false;
        }
    }

    /**
     * The pub/sub connection, connecting asynchronously on first use (and again after a failed
     * attempt); nobody waits for it longer than their own timeout.
     */
    private CompletableFuture<StatefulRedisClusterPubSubConnection<String, String>> connection() {
        this.lock.lock();
        try {
            if (this.closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("Release channel closed"));
            }
            CompletableFuture<StatefulRedisClusterPubSubConnection<String, String>> connection = this.connection;
            if (connection == null || connection.isCompletedExceptionally()) {
                connection = this.client.connectPubSubAsync(StringCodec.UTF8).thenApply((connected) -> {
                    connected.addListener(new RedisClusterPubSubAdapter<>() {

                        @Override
                        public void smessage(RedisClusterNode node, String channel, String message) {
                            released(message);
                        }
                    });
                    return connected;
                });
                this.connection = connection;
            }
            return connection;
        }
        finally {
            this.lock.unlock();
        }
    }

    private void released(String message) {
        String lockKey = ReleaseChannel.releasedKey(this.backendId, message);
        Consumer<String> onRelease = this.onRelease;
        if (lockKey != null && onRelease != null) {
            onRelease.accept(lockKey);
        }
    }

    /**
     * Closes the pub/sub connection, waiting at most {@link #CLOSE_WAIT_MILLIS}; one still
     * connecting is closed once connected.
     */
    @Override
    public void close() {
        CompletableFuture<StatefulRedisClusterPubSubConnection<String, String>> connection;
        this.lock.lock();
        try {
            this.closed = true;
            connection = this.connection;
        }
        finally {
            this.lock.unlock();
        }
        if (connection == null) {
            return;
        }
        try {
            connection.thenCompose(StatefulRedisClusterPubSubConnection::closeAsync).get(CLOSE_WAIT_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (Exception ex) {
            logger.debug("Release channel not closed cleanly", ex);
        }
    }
}
