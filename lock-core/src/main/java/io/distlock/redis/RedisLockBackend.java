package io.distlock.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.distlock.LockUnavailableException;
import io.distlock.spi.LockBackend;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * The lock backend on one Redis deployment (standalone, Sentinel or Cluster) through Spring
 * Data Redis, with either Lettuce or Jedis.
 * <p>
 * Keys: a lock is {@code <prefix><key>}; fence counters are
 * {@code <prefix>__distlock:fence:{tag}}, one per hash slot; releases are announced on
 * {@code <prefix>__distlock:released}, or on Redis Cluster 7+ with Lettuce on the sharded channel
 * {@code <prefix>__distlock:released:{tag}} of the lock's slot. Everything starts with the prefix, so an ACL user
 * limited to {@code ~<prefix>*} and {@code &<prefix>*} can use it.
 */
public final class RedisLockBackend implements LockBackend {

    /** Below the key prefix, keys and channels starting with this are distlock's own, not locks. */
    public static final String RESERVED_PREFIX = SlotKeys.RESERVED;

    /** Keys per renewal script call; keeps each script run short on the server. */
    private static final int RENEWAL_BATCH = 500;

    private final String keyPrefix;

    private final StringRedisTemplate redis;

    private final RedisConnectionFactory connectionFactory;

    private final SlotKeys fenceCounters;

    private final String backendId = UUID.randomUUID().toString();

    private final ReentrantLock releasesLock = new ReentrantLock();

    private volatile ReleaseChannel releases;

    /** The engine's callback for releases, told directly of this backend's own force-releases. */
    private volatile Consumer<String> onRelease;

    private final int minReplicasAcked;

    private final long replicaAckTimeoutMillis;

    private volatile Boolean cluster;

    private final SlotMasters slotMasters;

    /** Lettuce connections for acquire plus WAIT; null without replica acknowledgement or Lettuce. */
    private final DedicatedConnections dedicatedConnections;

    /**
     * Creates a backend. Nothing touches Redis until the first lock operation.
     * @param connectionFactory the Redis connections
     * @param keyPrefix the prefix of every key and channel, for example {@code lock:}
     */
    public RedisLockBackend(RedisConnectionFactory connectionFactory, String keyPrefix) {
        this(connectionFactory, keyPrefix, 0, Duration.ZERO);
    }

    /**
     * Creates a backend that, after each acquisition, waits until {@code minReplicasAcked}
     * replicas have the lock ({@code WAIT}), and gives the lock back when fewer did within
     * {@code replicaAckTimeout}. That narrows, without closing, the window in which a failover to
     * a replica that never received the key lets a second owner in. It costs one round trip per
     * acquisition; not supported on Redis Cluster.
     * @param connectionFactory the Redis connections
     * @param keyPrefix the prefix of every key and channel, for example {@code lock:}
     * @param minReplicasAcked replicas that must acknowledge each acquisition; 0 for none
     * @param replicaAckTimeout how long to wait for them; keep it below the client's command timeout
     */
    public RedisLockBackend(RedisConnectionFactory connectionFactory, String keyPrefix, int minReplicasAcked,
            Duration replicaAckTimeout) {
        Assert.notNull(connectionFactory, "connectionFactory must not be null");
        Assert.hasText(keyPrefix, "keyPrefix must not be empty");
        Assert.isTrue(minReplicasAcked >= 0, "minReplicasAcked must not be negative");
        Assert.isTrue(minReplicasAcked == 0 || (replicaAckTimeout != null && !replicaAckTimeout.isNegative()
                && !replicaAckTimeout.isZero()), "replicaAckTimeout must be positive");
        this.minReplicasAcked = minReplicasAcked;
        this.replicaAckTimeoutMillis = (minReplicasAcked > 0) ? replicaAckTimeout.toMillis() : 0;
        this.keyPrefix = keyPrefix;
        this.redis = new StringRedisTemplate(connectionFactory);
        this.connectionFactory = connectionFactory;
        this.fenceCounters = new SlotKeys(keyPrefix, "fence");
        this.slotMasters = new SlotMasters(this.redis);
        this.dedicatedConnections = (minReplicasAcked > 0) ? DedicatedConnections.forFactory(connectionFactory) : null;
    }

    /** The prefix of every key and channel this backend uses. */
    public String keyPrefix() {
        return this.keyPrefix;
    }

    @Override
    public String storeKey(String key) {
        if (key.startsWith(SlotKeys.RESERVED)) {
            throw new IllegalArgumentException(
                    "Lock keys must not start with '" + SlotKeys.RESERVED + "' (reserved): " + key);
        }
        return this.keyPrefix + key;
    }

    @Override
    public AcquireResult tryAcquire(String storeKey, String owner, long leaseMillis) {
        List<String> keys = List.of(storeKey, this.fenceCounters.keyFor(storeKey));
        List<?> result;
        try {
            result = (this.minReplicasAcked > 0) ? acquireReplicated(keys, owner, leaseMillis)
                    : run(LockScripts.ACQUIRE, ReturnType.MULTI, keys, owner, Long.toString(leaseMillis));
        }
        catch (RuntimeException ex) {
            throw unavailable("acquire", storeKey, ex);
        }
        if (result == null || result.size() != 2) {
            throw new LockUnavailableException("Unexpected reply from the acquire script for '" + storeKey + "': " + result);
        }
        long value = ((Number) result.get(1)).longValue();
        return (((Number) result.get(0)).longValue() == 1) ? AcquireResult.acquired(value) : AcquireResult.held(value);
    }

    /**
     * The acquire script and {@code WAIT} on one connection (WAIT counts that connection's
     * writes), exposed as the client's own type so {@link ReplicaWait} can tell Lettuce the reply
     * type; a lock too few replicas acknowledged is given back. With Lettuce the connection is a
     * {@linkplain DedicatedConnections dedicated} one, since WAIT blocks its connection until the
     * replicas answer; with pooled Jedis each call has a connection of its own anyway.
     */
    private List<?> acquireReplicated(List<String> keys, String owner, long leaseMillis) {
        if (isCluster()) {
            throw new LockUnavailableException("min-replicas-acked is not supported on Redis Cluster");
        }
        byte[][] keysAndArgs = keysAndArgs(keys, owner, Long.toString(leaseMillis));
        RedisCallback<List<?>> acquireAndWait = (connection) -> {
            List<?> reply = evalSha(connection, LockScripts.ACQUIRE, ReturnType.MULTI, keys.size(), keysAndArgs);
            if (reply != null && ((Number) reply.get(0)).longValue() == 1) {
                long acked = ReplicaWait.await(connection, this.minReplicasAcked, this.replicaAckTimeoutMillis);
                if (acked < this.minReplicasAcked) {
                    release(keys.get(0), owner, 0);
                    throw new LockUnavailableException("Only " + acked + " of " + this.minReplicasAcked
                            + " replicas acknowledged lock '" + keys.get(0) + "' within " + this.replicaAckTimeoutMillis
                            + "ms; it was given back");
                }
            }
            return reply;
        };
        return (this.dedicatedConnections != null)
                ? this.dedicatedConnections.execute(acquireAndWait, (callback) -> this.redis.execute(callback, true))
                : this.redis.execute(acquireAndWait, true);
    }

    /**
     * Runs a script by SHA on one connection, as the client's own type, without the template's
     * serializers: the hot path of every lock operation.
     */
    private <T> T run(RedisScript<?> script, ReturnType returnType, List<String> keys, String... args) {
        byte[][] keysAndArgs = keysAndArgs(keys, args);
        return this.redis.execute(
                (RedisCallback<T>) (connection) -> evalSha(connection, script, returnType, keys.size(), keysAndArgs), true);
    }

    /** EVALSHA, then EVAL when the server does not have the script (flushed, restarted, failed over). */
    private static <T> T evalSha(RedisConnection connection, RedisScript<?> script, ReturnType returnType, int numKeys,
            byte[][] keysAndArgs) {
        try {
            return connection.scriptingCommands().evalSha(script.getSha1(), returnType, numKeys, keysAndArgs);
        }
        catch (RuntimeException ex) {
            if (!isNoScript(ex)) {
                throw ex;
            }
            return connection.scriptingCommands().eval(bytes(script.getScriptAsString()), returnType, numKeys,
                    keysAndArgs);
        }
    }

    private static byte[][] keysAndArgs(List<String> keys, String... args) {
        byte[][] keysAndArgs = new byte[keys.size() + args.length][];
        for (int i = 0; i < keys.size(); i++) {
            keysAndArgs[i] = bytes(keys.get(i));
        }
        for (int i = 0; i < args.length; i++) {
            keysAndArgs[keys.size() + i] = bytes(args[i]);
        }
        return keysAndArgs;
    }

    private static boolean isNoScript(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public boolean release(String storeKey, String owner, long keepMillis) {
        Long released;
        try {
            ReleaseChannel releases = releases();
            released = run(LockScripts.RELEASE, ReturnType.INTEGER, List.of(storeKey), owner, releases.channelFor(storeKey),
                    releases.messageFor(storeKey), Long.toString(Math.max(0, keepMillis)), releases.publishCommand());
        }
        catch (RuntimeException ex) {
            throw unavailable("release", storeKey, ex);
        }
        return released != null && released == 1L;
    }

    @Override
    public boolean extend(String storeKey, String owner, long leaseMillis) {
        Assert.isTrue(leaseMillis >= 1, "leaseMillis must be at least 1");
        Long extended;
        try {
            extended = run(LockScripts.EXTEND, ReturnType.INTEGER, List.of(storeKey), owner, Long.toString(leaseMillis));
        }
        catch (RuntimeException ex) {
            throw unavailable("extend", storeKey, ex);
        }
        return extended != null && extended == 1L;
    }

    @Override
    public List<RenewalOutcome> renew(List<Renewal> renewals) {
        RenewalOutcome[] outcomes = new RenewalOutcome[renewals.size()];
        List<List<Integer>> batches;
        try {
            batches = batches(renewals);
        }
        catch (LockUnavailableException ex) {
            Arrays.fill(outcomes, RenewalOutcome.failed(ex));
            return Arrays.asList(outcomes);
        }
        for (List<Integer> batch : batches) {
            renewBatch(renewals, batch, outcomes);
        }
        return Arrays.asList(outcomes);
    }

    /**
     * Splits renewals into script calls, as indexes into the requests: by hash slot on Cluster (a
     * script's keys must share one), in chunks elsewhere. Each outcome is written back to the index
     * of its request, so outcomes never depend on how the requests were batched.
     */
    private List<List<Integer>> batches(List<Renewal> renewals) {
        List<List<Integer>> batches = new ArrayList<>();
        if (!isCluster()) {
            for (int i = 0; i < renewals.size(); i += RENEWAL_BATCH) {
                List<Integer> batch = new ArrayList<>();
                for (int j = i; j < Math.min(renewals.size(), i + RENEWAL_BATCH); j++) {
                    batch.add(j);
                }
                batches.add(batch);
            }
            return batches;
        }
        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        for (int i = 0; i < renewals.size(); i++) {
            bySlot.computeIfAbsent(ClusterSlotHashUtil.calculateSlot(renewals.get(i).storeKey()), (slot) -> new ArrayList<>())
                    .add(i);
        }
        batches.addAll(bySlot.values());
        return batches;
    }

    /** One renew script call; a failure fails only the requests of this batch. */
    private void renewBatch(List<Renewal> renewals, List<Integer> batch, RenewalOutcome[] outcomes) {
        List<String> keys = new ArrayList<>(batch.size());
        String[] args = new String[batch.size() * 2];
        for (int i = 0; i < batch.size(); i++) {
            Renewal renewal = renewals.get(batch.get(i));
            keys.add(renewal.storeKey());
            args[2 * i] = renewal.owner();
            args[2 * i + 1] = Long.toString(renewal.leaseMillis());
        }
        List<?> result;
        try {
            result = run(LockScripts.RENEW, ReturnType.MULTI, keys, args);
            if (result == null || result.size() != batch.size()) {
                throw new LockUnavailableException("Unexpected reply from the renew script: " + result);
            }
        }
        catch (RuntimeException ex) {
            this.slotMasters.invalidate();
            RenewalOutcome failed = RenewalOutcome.failed(unavailable("renew", keys.get(0), ex));
            batch.forEach((index) -> outcomes[index] = failed);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            outcomes[batch.get(i)] = RenewalOutcome.of(((Number) result.get(i)).longValue() == 1L);
        }
    }

    /**
     * On Cluster, one group per master (from the client's view of the topology, refreshed after a
     * failed renewal), so that a dead or slow master holds up only the renewals of its own locks;
     * elsewhere one group.
     */
    @Override
    public List<List<Renewal>> renewalGroups(List<Renewal> renewals) {
        if (renewals.size() < 2 || !isCluster()) {
            return List.of(renewals);
        }
        Map<String, List<Renewal>> byMaster = new LinkedHashMap<>();
        for (Renewal renewal : renewals) {
            byMaster.computeIfAbsent(this.slotMasters.masterOf(ClusterSlotHashUtil.calculateSlot(renewal.storeKey())),
                    (master) -> new ArrayList<>()).add(renewal);
        }
        return new ArrayList<>(byMaster.values());
    }

    /**
     * Whether the renewal batches must be split by slot.
     * @return whether connections are Cluster connections
     */
    private boolean isCluster() {
        Boolean cluster = this.cluster;
        if (cluster == null) {
            try {
                cluster = this.redis.execute((RedisCallback<Boolean>) (connection) -> connection instanceof RedisClusterConnection);
            }
            catch (RuntimeException ex) {
                throw unavailable("inspect", this.keyPrefix, ex);
            }
            this.cluster = cluster;
        }
        return cluster;
    }

    /**
     * Deletes a lock whoever owns it and wakes its waiters, here and in other processes (a
     * backend ignores its own release messages, so its own waiters are told directly). For
     * operators freeing a lock whose holder is dead or stuck: a live holder is still inside its
     * critical section and learns of the loss only at its next renewal or release.
     * @param storeKey the lock's Redis key
     * @return whether the lock existed
     */
    public boolean forceRelease(String storeKey) {
        Long deleted;
        try {
            ReleaseChannel releases = releases();
            deleted = run(LockScripts.FORCE_RELEASE, ReturnType.INTEGER, List.of(storeKey), releases.channelFor(storeKey),
                    releases.messageFor(storeKey), releases.publishCommand());
        }
        catch (RuntimeException ex) {
            throw unavailable("force-release", storeKey, ex);
        }
        boolean existed = deleted != null && deleted == 1L;
        Consumer<String> onRelease = this.onRelease;
        if (existed && onRelease != null) {
            onRelease.accept(storeKey);
        }
        return existed;
    }

    /**
     * Raises the fence counter of {@code storeKey}'s slot to at least {@code token}, so that
     * every later token issued for that slot is greater. Redlock writes the token it hands out
     * back to the nodes it acquired this way.
     */
    public void raiseFence(String storeKey, long token) {
        try {
            run(LockScripts.RAISE_FENCE, ReturnType.INTEGER, List.of(this.fenceCounters.keyFor(storeKey)),
                    Long.toString(token));
        }
        catch (RuntimeException ex) {
            throw unavailable("raise the fence of", storeKey, ex);
        }
    }

    @Override
    public boolean listenForReleases(String storeKey, Consumer<String> onRelease, Duration timeout) {
        this.onRelease = onRelease;
        try {
            return releases().listen(storeKey, onRelease, timeout);
        }
        catch (LockUnavailableException ex) {
            return false;
        }
    }

    /**
     * How releases are announced, decided on first use: sharded pub/sub on Redis Cluster 7+ with
     * Lettuce, classic pub/sub everywhere else. Every instance sharing locks on one cluster must
     * use the same client library, or they will not hear each other's releases (waiters then fall
     * back to retries timed to the holder's lease).
     */
    private ReleaseChannel releases() {
        ReleaseChannel releases = this.releases;
        if (releases != null) {
            return releases;
        }
        this.releasesLock.lock();
        try {
            if (this.releases == null) {
                ReleaseChannel sharded = isCluster() && serverMajorVersion() >= 7
                        ? ShardedReleaseChannel.forFactory(this.connectionFactory, this.keyPrefix, this.backendId) : null;
                this.releases = (sharded != null) ? sharded : new ClassicReleaseChannel(this.connectionFactory,
                        this.keyPrefix + SlotKeys.RESERVED + "released", this.backendId);
            }
            return this.releases;
        }
        finally {
            this.releasesLock.unlock();
        }
    }

    /** The lowest major version among the servers (in Cluster, {@code INFO} answers per node). */
    private int serverMajorVersion() {
        Properties info;
        try {
            info = this.redis.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands().info("server"));
        }
        catch (RuntimeException ex) {
            throw unavailable("inspect", this.keyPrefix, ex);
        }
        int major = Integer.MAX_VALUE;
        for (String name : (info != null) ? info.stringPropertyNames() : Set.<String>of()) {
            if (name.endsWith("redis_version")) {
                major = Math.min(major, Integer.parseInt(info.getProperty(name).split("\\.")[0]));
            }
        }
        return (major == Integer.MAX_VALUE) ? 0 : major;
    }

    /**
     * Stops the release subscription and closes the dedicated connections; returns within about a
     * second whatever state Redis is in.
     */
    @Override
    public void close() {
        ReleaseChannel releases = this.releases;
        if (releases != null) {
            releases.close();
        }
        if (this.dedicatedConnections != null) {
            this.dedicatedConnections.close();
        }
    }

    private static LockUnavailableException unavailable(String operation, String key, RuntimeException ex) {
        if (ex instanceof LockUnavailableException unavailable) {
            return unavailable;
        }
        return new LockUnavailableException("Redis could not " + operation + " lock '" + key + "': " + ex.getClass().getSimpleName(), ex);
    }

    @Override
    public String toString() {
        return "RedisLockBackend[keyPrefix=" + this.keyPrefix + "]";
    }
}
