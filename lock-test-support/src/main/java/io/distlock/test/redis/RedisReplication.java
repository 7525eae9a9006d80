package io.distlock.test.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A master with N replicas ({@code replicaof}), started and connected: {@link #start(int)} returns once every
 * replica reports {@code master_link_status:up}.
 */
public final class RedisReplication implements AutoCloseable {

    static final Duration LINK_TIMEOUT = Duration.ofSeconds(20);

    private final RedisServer master;
    private final List<RedisServer> replicas;

    private RedisReplication(RedisServer master, List<RedisServer> replicas) {
        this.master = master;
        this.replicas = List.copyOf(replicas);
    }

    /** Starts a master and {@code replicas} replicas with the {@linkplain RedisBinary#resolve() default binary}. */
    public static RedisReplication start(int replicas) {
        return start(RedisBinary.resolve(), replicas);
    }

    /** Starts a master and {@code replicas} replicas with the given binary. */
    public static RedisReplication start(RedisBinary binary, int replicas) {
        List<RedisServer> started = new ArrayList<>();
        try {
            RedisServer master = replicationNode(binary).start();
            started.add(master);
            for (int i = 0; i < replicas; i++) {
                started.add(replicationNode(binary)
                        .config("replicaof", RedisServer.HOST, Integer.toString(master.port()))
                        .start());
            }
            RedisReplication replication = new RedisReplication(master, started.subList(1, started.size()));
            replication.awaitReplicaLinks(LINK_TIMEOUT);
            return replication;
        } catch (RuntimeException e) {
            Closer.closeAll(started);
            throw e;
        }
    }

    /** A builder with the settings every node of a replicated set-up gets: diskless sync without delay. */
    static RedisServer.Builder replicationNode(RedisBinary binary) {
        return RedisServer.builder()
                .binary(binary)
                .config("repl-diskless-sync", "yes")
                .config("repl-diskless-sync-delay", "0");
    }

    /** The master. */
    public RedisServer master() {
        return master;
    }

    /** The replicas, in start order. */
    public List<RedisServer> replicas() {
        return replicas;
    }

    /** Waits until every replica reports {@code master_link_status:up}. */
    public void awaitReplicaLinks(Duration timeout) {
        for (RedisServer replica : replicas) {
            awaitLinkUp(replica, timeout);
        }
    }

    /** Waits until the master's writes so far reached all replicas ({@code WAIT}). */
    public void awaitReplicated(Duration timeout) {
        awaitReplicated(master, replicas.size(), timeout);
    }

    static void awaitLinkUp(RedisServer replica, Duration timeout) {
        Await.until(timeout, "master_link_status:up on " + replica,
                () -> "up".equals(replica.infoField("replication", "master_link_status")));
    }

    static void awaitReplicated(RedisServer master, int replicas, Duration timeout) {
        Await.until(timeout, replicas + " replica(s) of " + master + " to acknowledge its writes",
                () -> (Long) master.command("WAIT", Integer.toString(replicas), Long.toString(Math.min(500, timeout.toMillis()))) >= replicas);
    }

    /** Closes the replicas, then the master. */
    @Override
    public void close() {
        List<RedisServer> all = new ArrayList<>(replicas);
        all.add(master);
        Closer.closeAll(all);
    }
}
