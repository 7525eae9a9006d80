package io.distlock.redis;

import java.time.Duration;
import java.util.Set;
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

    private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.cluster.RedisClusterClient",
            ShardedReleaseChannel.class.getClassLoader());

    private final RedisClusterClient client;

    private final SlotKeys channels;

    private final String backendId;

    private final Set<Integer> subscribedSlots = ConcurrentHashMap.newKeySet();

    private final ReentrantLock lock = new ReentrantLock();

    private volatile Consumer<String> onRelease;

    private volatile StatefulRedisClusterPubSubConnection<String, String> connection;

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
        this.lock.lock();
        try {
            if (this.subscribedSlots.contains(slot)) {
                return true;
            }
            connection().async().ssubscribe(channelFor(lockKey)).get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
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
        finally {
            this.lock.unlock();
        }
    }

    private StatefulRedisClusterPubSubConnection<String, String> connection() {
        StatefulRedisClusterPubSubConnection<String, String> connection = this.connection;
        if (connection == null) {
            connection = this.client.connectPubSub(StringCodec.UTF8);
            connection.addListener(new RedisClusterPubSubAdapter<>() {

                @Override
                public void smessage(RedisClusterNode node, String channel, String message) {
                    released(message);
                }
            });
            this.connection = connection;
        }
        return connection;
    }

    private void released(String message) {
        String lockKey = ReleaseChannel.releasedKey(this.backendId, message);
        Consumer<String> onRelease = this.onRelease;
        if (lockKey != null && onRelease != null) {
            onRelease.accept(lockKey);
        }
    }

    @Override
    public void close() {
        this.lock.lock();
        try {
            if (this.connection != null) {
                this.connection.close();
            }
        }
        finally {
            this.lock.unlock();
        }
    }
}
