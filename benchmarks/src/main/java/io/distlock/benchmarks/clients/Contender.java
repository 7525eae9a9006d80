package io.distlock.benchmarks.clients;

import java.util.function.IntFunction;

/**
 * The locks compared, each opened against a {@code redis-server} on 127.0.0.1 at a port.
 * {@link #RAW_LETTUCE} is the floor every ratio is taken against.
 */
public enum Contender {

    /** distlock's {@code LockTemplate}: {@code DefaultLockTemplate} on {@code RedisLockBackend} over Lettuce. */
    DISTLOCK_TEMPLATE("distlock LockTemplate", DistlockTemplateClient::new),

    /** distlock's {@code @DistributedLock} on a bean method in a minimal Spring Boot application. */
    DISTLOCK_ANNOTATION("distlock @DistributedLock", AnnotatedLockClient::new),

    /** Redisson's {@code RLock} ({@code getLock(key)}, watchdog lease). */
    REDISSON("Redisson RLock", RedissonLockClient::new),

    /** Spring Integration's {@code RedisLockRegistry}, {@code SPIN_LOCK} (the default type). */
    SI_SPIN("Spring Integration SPIN", (port) -> new SpringIntegrationLockClient(port, false)),

    /** Spring Integration's {@code RedisLockRegistry}, {@code PUB_SUB_LOCK}. */
    SI_PUBSUB("Spring Integration PUB_SUB", (port) -> new SpringIntegrationLockClient(port, true)),

    /** ShedLock's {@code RedisLockProvider} with {@code safeUpdate(true)}; never waits, callers retry. */
    SHEDLOCK("ShedLock RedisLockProvider", ShedLockClient::new),

    /** The floor: Lettuce {@code SET NX PX}, then {@code EVALSHA} compare-and-delete; retries at once when taken. */
    RAW_LETTUCE("raw Lettuce (floor)", RawLettuceLockClient::new);

    private final String label;

    private final IntFunction<LockClient> factory;

    Contender(String label, IntFunction<LockClient> factory) {
        this.label = label;
        this.factory = factory;
    }

    /** A human-readable name for tables and charts. */
    public String label() {
        return this.label;
    }

    /** Opens a client of this contender against the server on {@code port} of 127.0.0.1. */
    public LockClient open(int port) {
        return this.factory.apply(port);
    }
}
