package io.distlock.actuate.endpoint;

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

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.Assert;

import io.distlock.HeldLockInfo;
import io.distlock.LockTemplate;
import io.distlock.actuate.endpoint.LocksEndpoint.HeldLockDescriptor;
import io.distlock.actuate.endpoint.LocksEndpoint.HeldLocksDescriptor;

/**
 * The {@code locks} endpoint over Redlock, where each lock lives on several independent masters.
 * <ul>
 * <li>{@code GET /actuator/locks} lists this instance's locks (no Redis call), as
 * {@link LocksEndpoint} does.</li>
 * <li>{@code GET /actuator/locks/{redisKey}}, with a Redis key as listed, reads the key on every
 * node at once, each allowed the node timeout: whether that node has it and its time to live, or
 * why the node did not answer; whether a majority has it; and whether this instance holds it. A
 * key that no node has and this instance does not hold, or that is outside the key prefix, is not
 * found (404).</li>
 * </ul>
 * Read-only: force-release is not offered over Redlock, whatever {@code management.endpoint.locks.access}
 * says. The default access is {@code READ_ONLY}, as for {@link LocksEndpoint}, since both are the
 * {@code locks} endpoint. Lock owner ids are never shown.
 */
@Endpoint(id = "locks", defaultAccess = Access.READ_ONLY)
public class RedlockLocksEndpoint {

    private final LockTemplate lockTemplate;

    private final Map<String, RedisLockKeys> nodes = new LinkedHashMap<>();

    private final int quorum;

    private final Duration nodeTimeout;

    /** Daemon threads, so that a node that never answers holds up neither the request nor shutdown. */
    private final ExecutorService reads = Executors.newCachedThreadPool((task) -> {
        Thread thread = new Thread(task, "distlock-redlock-endpoint");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Creates the endpoint.
     * @param lockTemplate the template whose locks are listed
     * @param nodes the connections to each node, keyed by its name (URL with credentials masked), in
     * node order
     * @param keyPrefix the key prefix of every lock key ({@code distributed-lock.key-prefix})
     * @param quorum how many nodes hold a lock that is held
     * @param nodeTimeout how long each node may take to answer
     */
    public RedlockLocksEndpoint(LockTemplate lockTemplate, Map<String, RedisConnectionFactory> nodes, String keyPrefix,
            int quorum, Duration nodeTimeout) {
        Assert.notNull(lockTemplate, "'lockTemplate' must not be null");
        Assert.notEmpty(nodes, "'nodes' must not be empty");
        Assert.notNull(nodeTimeout, "'nodeTimeout' must not be null");
        this.lockTemplate = lockTemplate;
        nodes.forEach((name, connectionFactory) -> this.nodes.put(name, new RedisLockKeys(connectionFactory, keyPrefix)));
        this.quorum = quorum;
        this.nodeTimeout = nodeTimeout;
    }

    /** The locks this instance holds now. */
    @ReadOperation
    public HeldLocksDescriptor locks() {
        return new HeldLocksDescriptor(this.lockTemplate.heldLocks().stream().map(HeldLockDescriptor::of).toList());
    }

    /**
     * The state of one lock key on every node.
     * @param redisKey the Redis key, as listed by {@link #locks()}; its path segments when it contains {@code /}
     * @return the lock's state, or {@code null} (not found) when no node has it and this instance does
     * not hold it, or when it is not a lock key
     */
    @ReadOperation
    public @Nullable RedlockLockDescriptor lock(@Selector(match = Match.ALL_REMAINING) String[] redisKey) {
        String key = String.join("/", redisKey);
        RedisLockKeys anyNode = this.nodes.values().iterator().next();
        if (!anyNode.isLockKey(key)) {
            return null;
        }
        Map<String, CompletableFuture<@Nullable Long>> reads = new LinkedHashMap<>();
        this.nodes.forEach((name, keys) -> reads.put(name, CompletableFuture.supplyAsync(() -> keys.ttlMillis(key),
                this.reads).orTimeout(this.nodeTimeout.toMillis(), TimeUnit.MILLISECONDS)));
        List<NodeLockDescriptor> nodeStates = new ArrayList<>();
        int holding = 0;
        for (Map.Entry<String, CompletableFuture<@Nullable Long>> read : reads.entrySet()) {
            NodeLockDescriptor state = nodeState(read.getKey(), read.getValue());
            holding += state.held() ? 1 : 0;
            nodeStates.add(state);
        }
        HeldLockInfo own = ownLock(key);
        if (holding == 0 && own == null) {
            return null;
        }
        return new RedlockLockDescriptor(key, holding >= this.quorum, this.quorum, own != null,
                (own != null) ? HeldLockDescriptor.of(own) : null, nodeStates);
    }

    private NodeLockDescriptor nodeState(String node, CompletableFuture<@Nullable Long> read) {
        try {
            Long ttl = read.join();
            return new NodeLockDescriptor(node, ttl != null, ttl, null);
        }
        catch (RuntimeException ex) {
            Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
            String error = (cause instanceof TimeoutException) ? "No answer within " + this.nodeTimeout.toMillis() + " ms"
                    : cause.getClass().getName();
            return new NodeLockDescriptor(node, false, null, error);
        }
    }

    private @Nullable HeldLockInfo ownLock(String redisKey) {
        for (HeldLockInfo info : this.lockTemplate.heldLocks()) {
            if (info.redisKey().equals(redisKey)) {
                return info;
            }
        }
        return null;
    }

    /**
     * A lock key as the Redlock nodes have it now.
     *
     * @param redisKey the Redis key
     * @param held whether a majority of nodes has the key
     * @param quorum how many nodes make a majority
     * @param owned whether this instance holds it
     * @param lock this instance's hold, when {@code owned}
     * @param nodes the key on each node, in node order
     */
    public record RedlockLockDescriptor(String redisKey, boolean held, int quorum, boolean owned,
            @Nullable HeldLockDescriptor lock, List<NodeLockDescriptor> nodes) implements OperationResponseBody {
    }

    /**
     * A lock key on one node.
     *
     * @param node the node's URL, credentials masked
     * @param held whether the node has the key
     * @param ttlMillis its remaining time to live in milliseconds ({@code -1} when it has no expiry), or
     * {@code null} when the node does not have it or did not answer
     * @param error why the node did not answer (exception class only), or {@code null}
     */
    public record NodeLockDescriptor(String node, boolean held, @Nullable Long ttlMillis, @Nullable String error) {
    }
}
