package io.distlock.redis;

import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Which Redis Cluster master serves each hash slot, as the client sees the topology (Lettuce
 * answers from its own partition table, without a round trip). Read on first use, again after
 * {@link #invalidate()} (a renewal failed, so a master may have moved) and at least every
 * {@link #MAX_AGE_NANOS}. Used only to group renewals per master; a stale answer costs
 * independence between groups, never correctness, since the client follows redirects.
 */
final class SlotMasters {

    private static final Log logger = LogFactory.getLog(SlotMasters.class);

    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final StringRedisTemplate redis;

    private volatile String[] masterBySlot;

    private volatile long readAtNanos;

    private volatile boolean stale = true;

    SlotMasters(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * A name for the master serving {@code slot}; a name of its own per slot when the topology
     * is not known.
     */
    String masterOf(int slot) {
        String[] table = table();
        String master = (table != null) ? table[slot] : null;
        return (master != null) ? master : "slot " + slot;
    }

    /** The next lookup reads the topology again. */
    void invalidate() {
        this.stale = true;
    }

    private String[] table() {
        if (this.stale || System.nanoTime() - this.readAtNanos > MAX_AGE_NANOS) {
            this.stale = false;
            this.readAtNanos = System.nanoTime();
            try {
                this.masterBySlot = read();
            }
            catch (RuntimeException ex) {
                // Keep the last known table; without one, every slot is a group of its own.
                logger.debug("Could not read the cluster topology", ex);
            }
        }
        return this.masterBySlot;
    }

    private String[] read() {
        Iterable<RedisClusterNode> nodes = this.redis
                .execute((RedisCallback<Iterable<RedisClusterNode>>) (connection) -> ((RedisClusterConnection) connection)
                        .clusterGetNodes());
        String[] table = new String[ClusterSlotHashUtil.SLOT_COUNT];
        if (nodes == null) {
            return table;
        }
        for (RedisClusterNode node : nodes) {
            if (node.isMaster() && node.getSlotRange() != null) {
                String name = (node.getId() != null) ? node.getId() : node.asString();
                for (int slot : node.getSlotRange().getSlotsArray()) {
                    table[slot] = name;
                }
            }
        }
        return table;
    }
}
