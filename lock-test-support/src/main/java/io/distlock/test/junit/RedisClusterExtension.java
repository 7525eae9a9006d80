package io.distlock.test.junit;

import io.distlock.test.redis.RedisBinary;
import io.distlock.test.redis.RedisClusterGroup;
import java.util.function.Supplier;

/**
 * Runs a {@link RedisClusterGroup} for a test class:
 * <pre>{@code
 * @RegisterExtension
 * static final RedisClusterExtension redis = RedisClusterExtension.of(3, 0);
 * }</pre>
 * Before each test every master is flushed, or the cluster is replaced by a new one if a previous test killed,
 * stopped or paused a node or caused a failover. Call {@link #cluster()} in each test: after a replacement it
 * returns the new group, with new ports.
 */
public final class RedisClusterExtension extends ManagedResourceExtension<RedisClusterGroup> {

    private RedisClusterExtension(Supplier<RedisClusterGroup> starter) {
        super(new ManagedResource<>("Redis Cluster", starter, RedisClusterGroup::isIntact, RedisClusterGroup::flushAll));
    }

    /** A cluster of {@code masters} masters with {@code replicasPerMaster} replicas each, default binary. */
    public static RedisClusterExtension of(int masters, int replicasPerMaster) {
        return new RedisClusterExtension(() -> RedisClusterGroup.start(masters, replicasPerMaster));
    }

    /** A cluster running the given binary. */
    public static RedisClusterExtension of(RedisBinary binary, int masters, int replicasPerMaster) {
        return new RedisClusterExtension(() -> RedisClusterGroup.start(binary, masters, replicasPerMaster, node -> { }));
    }

    /** The current cluster. */
    public RedisClusterGroup cluster() {
        return resource();
    }




}
