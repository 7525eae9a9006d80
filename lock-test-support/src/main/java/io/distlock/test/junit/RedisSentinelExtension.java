package io.distlock.test.junit;

import io.distlock.test.redis.RedisBinary;
import io.distlock.test.redis.RedisSentinelGroup;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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
public final class RedisSentinelExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final ManagedResource<RedisSentinelGroup> group;

    /** An extension using the {@linkplain RedisBinary#resolve() default binary}. */
    public RedisSentinelExtension() {
        this(RedisSentinelGroup::start);
    }

    private RedisSentinelExtension(Supplier<RedisSentinelGroup> starter) {
        this.group = new ManagedResource<>("Sentinel group", starter, RedisSentinelGroup::isIntact, RedisSentinelGroup::flushAll);
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
        return group.get();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        group.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        group.afterAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        group.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        group.afterEach(context);
    }
}
