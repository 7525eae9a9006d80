package io.distlock.test.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Sentinel-monitored set-up: one master, one replica and three Sentinels (quorum 2) watching master
 * {@value #MASTER_NAME}, tuned for quick failovers ({@code down-after-milliseconds} 1000,
 * {@code failover-timeout} 3000). {@link #start()} returns once every Sentinel knows the master, the replica and
 * the two other Sentinels.
 */
public final class RedisSentinelGroup implements AutoCloseable {

    /** The name the Sentinels monitor the master under. */
    public static final String MASTER_NAME = "mymaster";
    /** How long the master may be unreachable before a Sentinel considers it down. */
    public static final int DOWN_AFTER_MILLIS = 1000;
    /** Sentinel's failover timeout. */
    public static final int FAILOVER_TIMEOUT_MILLIS = 3000;

    private static final int SENTINELS = 3;
    private static final int QUORUM = 2;
    private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);

    private final RedisReplication replication;
    private final List<RedisServer> sentinels;

    private RedisSentinelGroup(RedisReplication replication, List<RedisServer> sentinels) {
        this.replication = replication;
        this.sentinels = List.copyOf(sentinels);
    }

    /** Starts the group with the {@linkplain RedisBinary#resolve() default binary}. */
    public static RedisSentinelGroup start() {
        return start(RedisBinary.resolve());
    }

    /** Starts the group with the given binary (used for the data nodes and, with {@code --sentinel}, the Sentinels). */
    public static RedisSentinelGroup start(RedisBinary binary) {
        RedisReplication replication = RedisReplication.start(binary, 1);
        List<RedisServer> sentinels = new ArrayList<>();
        try {
            for (int i = 0; i < SENTINELS; i++) {
                sentinels.add(startSentinel(binary, replication.master()));
            }
            RedisSentinelGroup group = new RedisSentinelGroup(replication, sentinels);
            group.awaitDiscovery(DISCOVERY_TIMEOUT);
            return group;
        } catch (RuntimeException e) {
            Closer.closeAll(sentinels);
            replication.close();
            throw e;
        }
    }

    private static RedisServer startSentinel(RedisBinary binary, RedisServer master) {
        return RedisServer.builder()
                .binary(binary)
                .sentinel()
                .config("sentinel", "monitor", MASTER_NAME, RedisServer.HOST, Integer.toString(master.port()), Integer.toString(QUORUM))
                .config("sentinel", "down-after-milliseconds", MASTER_NAME, Integer.toString(DOWN_AFTER_MILLIS))
                .config("sentinel", "failover-timeout", MASTER_NAME, Integer.toString(FAILOVER_TIMEOUT_MILLIS))
                .config("sentinel", "parallel-syncs", MASTER_NAME, "1")
                .start();
    }

    /** {@value #MASTER_NAME}. */
    public String masterName() {
        return MASTER_NAME;
    }

    /** The master the group started with (after a failover it is no longer the master). */
    public RedisServer master() {
        return replication.master();
    }

    /** The data nodes the group started with as replicas. */
    public List<RedisServer> replicas() {
        return replication.replicas();
    }

    /** The Sentinels. */
    public List<RedisServer> sentinels() {
        return sentinels;
    }

    /** The Sentinels' {@code 127.0.0.1:port} addresses. */
    public List<String> sentinelAddresses() {
        return sentinels.stream().map(RedisServer::address).collect(Collectors.toList());
    }

    /** The master address a Sentinel reports right now ({@code SENTINEL get-master-addr-by-name}), asking each in turn until one answers. */
    public String currentMasterAddress() {
        RuntimeException failure = null;
        for (RedisServer sentinel : sentinels) {
            if (!sentinel.isRunning() || sentinel.isPaused()) {
                continue;
            }
            try {
                List<?> address = (List<?>) sentinel.command(QUERY_TIMEOUT, "SENTINEL", "get-master-addr-by-name", MASTER_NAME);
                return address.get(0) + ":" + address.get(1);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        throw new IllegalStateException("No Sentinel answered get-master-addr-by-name " + MASTER_NAME, failure);
    }

    /**
     * Waits until the Sentinels report a master other than the initial one and that server answers with
     * role master; returns it.
     */
    public RedisServer awaitFailover(Duration timeout) {
        String initial = master().address();
        return Await.until(timeout, "a Sentinel failover away from " + initial, () -> {
            String current = currentMasterAddress();
            if (current.equals(initial)) {
                return null;
            }
            RedisServer promoted = dataNode(current);
            return promoted != null && "master".equals(role(promoted)) ? promoted : null;
        });
    }

    /**
     * Whether the group is as started: every process running and not paused, and the Sentinels still report
     * the initial master.
     */
    public boolean isIntact() {
        boolean allUp = allServers().allMatch(server -> server.isRunning() && !server.isPaused());
        try {
            return allUp && currentMasterAddress().equals(master().address()) && "master".equals(role(master()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Deletes all data ({@code FLUSHALL} on the master) and waits until the replica has it too. */
    public void flushAll() {
        master().flushAll();
        RedisReplication.awaitReplicated(master(), replicas().size(), Duration.ofSeconds(10));
    }

    /** Closes the Sentinels first (so they do not react), then the replica and the master. */
    @Override
    public void close() {
        try {
            Closer.closeAll(sentinels);
        } finally {
            replication.close();
        }
    }

    private void awaitDiscovery(Duration timeout) {
        for (RedisServer sentinel : sentinels) {
            Await.until(timeout, sentinel + " to know the master, " + replicas().size() + " replica(s) and "
                    + (SENTINELS - 1) + " other Sentinels", () -> knowsEverything(sentinel));
        }
    }

    private boolean knowsEverything(RedisServer sentinel) {
        Map<String, String> master = pairs(sentinel.command(QUERY_TIMEOUT, "SENTINEL", "MASTER", MASTER_NAME));
        if (!"master".equals(master.get("flags"))
                || Integer.parseInt(master.get("num-slaves")) < replicas().size()
                || Integer.parseInt(master.get("num-other-sentinels")) < SENTINELS - 1) {
            return false;
        }
        List<?> replicaList = (List<?>) sentinel.command(QUERY_TIMEOUT, "SENTINEL", "SLAVES", MASTER_NAME);
        return replicaList.stream().map(RedisSentinelGroup::pairs)
                .allMatch(replica -> "slave".equals(replica.get("flags")) && "ok".equals(replica.get("master-link-status")));
    }

    private RedisServer dataNode(String address) {
        return Stream.concat(Stream.of(master()), replicas().stream())
                .filter(server -> server.address().equals(address))
                .findFirst().orElse(null);
    }

    private Stream<RedisServer> allServers() {
        return Stream.concat(Stream.concat(Stream.of(master()), replicas().stream()), sentinels.stream());
    }

    static String role(RedisServer server) {
        return (String) ((List<?>) server.command(QUERY_TIMEOUT, "ROLE")).get(0);
    }

    private static Map<String, String> pairs(Object flatList) {
        List<?> items = (List<?>) flatList;
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            map.put(String.valueOf(items.get(i)), String.valueOf(items.get(i + 1)));
        }
        return map;
    }
}
