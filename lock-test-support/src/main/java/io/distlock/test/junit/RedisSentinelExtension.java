package io.distlock.test.junit;

import io.distlock.test.redis.RedisBinary;
import io.distlock.test.redis.RedisSentinelGroup;
import java.util.function.Supplier;

/**
 * Runs a {@link RedisSentinelGroup} (master, replica, three Sentinels) for a test class:
 * <pre>{@code
 * @RegisterExtension
 * static final RedisSentinelExtension redis = RedisSentinelExtension.create();
 * }</pre>
 * Before each test the group is flushed, or replaced by a new one if a previous test killed, stopped or paused
 * any of its processes or caused a failover. Call {@link #sentinel()} in each test (not once in
 * {@code @BeforeAll}): after a replacement it returns the new group, with new ports.
 */
public final class RedisSentinelExtension extends ManagedResourceExtension<RedisSentinelGroup> {

    /** An extension using the {@linkplain RedisBinary#resolve() default binary}. */
    public RedisSentinelExtension() {
        this(RedisSentinelGroup::start);
    }

    private RedisSentinelExtension(Supplier<RedisSentinelGroup> starter) {
        super(new ManagedResource<>("Sentinel group", starter, RedisSentinelGroup::isIntact, RedisSentinelGroup::flushAll));
    }

    /** An extension using the {@linkplain RedisBinary#resolve() default binary}. */
    public static RedisSentinelExtension create() {
        return new RedisSentinelExtension();
    }

    /** An extension using the given binary for data nodes and Sentinels. */
    public static RedisSentinelExtension create(RedisBinary binary) {
        return new RedisSentinelExtension(() -> RedisSentinelGroup.start(binary));
    }

    /** The current group. */
    public RedisSentinelGroup sentinel() {
        return resource();
    }




}
