package io.distlock.test.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Redis Cluster of N masters (slots split evenly) and optionally R replicas per master, built from Java with
 * {@code CLUSTER ADDSLOTSRANGE} (Redis 7+) or {@code CLUSTER ADDSLOTS}, {@code CLUSTER MEET} and
 * {@code CLUSTER REPLICATE}. {@link #start(int, int)} returns once every node reports {@code cluster_state:ok},
 * knows every other node and sees every replica attached to its master.
 *
 * <p>Nodes run with {@code cluster-node-timeout} {@value #NODE_TIMEOUT_MILLIS} ms, so automatic failover of a
 * killed master with a replica takes a few seconds.
 */
public final class RedisClusterGroup implements AutoCloseable {

    /** {@code cluster-node-timeout} of every node, in milliseconds. */
    public static final int NODE_TIMEOUT_MILLIS = 3000;

    private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);

    private final List<RedisServer> masters;
    private final List<RedisServer> replicas;
    private final Map<RedisServer, String> nodeIds = new ConcurrentHashMap<>();

    private RedisClusterGroup(List<RedisServer> masters, List<RedisServer> replicas) {
        this.masters = List.copyOf(masters);
        this.replicas = List.copyOf(replicas);
    }

    /** Starts a cluster with the {@linkplain RedisBinary#resolve() default binary}. */
    public static RedisClusterGroup start(int masters, int replicasPerMaster) {
        return start(RedisBinary.resolve(), masters, replicasPerMaster, node -> { });
    }

    /**
     * Starts a cluster with the given binary; {@code nodeConfig} may add config lines to every node
     * (e.g. another {@code cluster-node-timeout}).
     */
    public static RedisClusterGroup start(RedisBinary binary, int masters, int replicasPerMaster, Consumer<RedisServer.Builder> nodeConfig) {
        if (masters < 1 || replicasPerMaster < 0) {
            throw new IllegalArgumentException("Need at least one master and a non-negative number of replicas");
        }
        List<RedisServer> started = new ArrayList<>();
        try {
            List<RedisServer> masterNodes = startNodes(binary, masters, nodeConfig, started);
            List<RedisServer> replicaNodes = startNodes(binary, masters * replicasPerMaster, nodeConfig, started);
            RedisClusterGroup group = new RedisClusterGroup(masterNodes, replicaNodes);
            group.form(replicasPerMaster);
            return group;
        } catch (RuntimeException e) {
            Closer.closeAll(started);
            throw e;
        }
    }

    private static List<RedisServer> startNodes(RedisBinary binary, int count, Consumer<RedisServer.Builder> nodeConfig, List<RedisServer> started) {
        List<RedisServer> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RedisServer.Builder builder = RedisReplication.replicationNode(binary)
                    .config("cluster-enabled", "yes")
                    .config("cluster-config-file", "nodes.conf")
                    .config("cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS));
            nodeConfig.accept(builder);
            RedisServer node = builder.start();
            started.add(node);
            nodes.add(node);
        }
        return nodes;
    }

    /** The key's hash slot, exactly as Redis computes it (CRC16 of the key or its {@code {hash tag}}, mod 16384). */
    public static int slot(String key) {
        return ClusterSlots.slot(key);
    }

    /** All nodes: the masters, then the replicas. */
    public List<RedisServer> nodes() {
        List<RedisServer> nodes = new ArrayList<>(masters);
        nodes.addAll(replicas);
        return nodes;
    }

    /** The nodes started as masters (master i owns the i-th of N equal slot ranges). */
    public List<RedisServer> masters() {
        return masters;
    }

    /** The nodes started as replicas (replica j follows master {@code j % masters}). */
    public List<RedisServer> replicas() {
        return replicas;
    }

    /** Every node's {@code 127.0.0.1:port}. */
    public List<String> nodeAddresses() {
        return nodes().stream().map(RedisServer::address).collect(Collectors.toList());
    }

    /** The node that currently serves {@code slot} as master, according to {@code CLUSTER SLOTS} of a reachable node. */
    public RedisServer masterForSlot(int slot) {
        if (slot < 0 || slot >= ClusterSlots.SLOT_COUNT) {
            throw new IllegalArgumentException("Slot out of range: " + slot);
        }
        RuntimeException failure = null;
        for (RedisServer node : nodes()) {
            if (!node.isRunning() || node.isPaused()) {
                continue;
            }
            try {
                for (Object range : (List<?>) node.command(QUERY_TIMEOUT, "CLUSTER", "SLOTS")) {
                    List<?> entry = (List<?>) range;
                    if ((Long) entry.get(0) <= slot && slot <= (Long) entry.get(1)) {
                        int port = ((Long) ((List<?>) entry.get(2)).get(1)).intValue();
                        return nodes().stream().filter(n -> n.port() == port).findFirst()
                                .orElseThrow(() -> new IllegalStateException("Slot " + slot + " is served by unknown port " + port));
                    }
                }
                throw new IllegalStateException("Slot " + slot + " is not assigned according to " + node);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        throw new IllegalStateException("No node could tell who serves slot " + slot, failure);
    }

    /**
     * Whether the cluster is as started: every node running and not paused, the initial masters still masters,
     * and {@code cluster_state:ok} everywhere.
     */
    public boolean isIntact() {
        try {
            return nodes().stream().allMatch(node -> node.isRunning() && !node.isPaused())
                    && masters.stream().allMatch(master -> "master".equals(RedisSentinelGroup.role(master)))
                    && nodes().stream().allMatch(RedisClusterGroup::stateOk);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code FLUSHALL} on every master. */
    public void flushAll() {
        masters.forEach(RedisServer::flushAll);
    }

    /** Closes all nodes. */
    @Override
    public void close() {
        Closer.closeAll(nodes());
    }

    // ---------------------------------------------------------------- formation

    private void form(int replicasPerMaster) {
        assignSlots();
        meetAll();
        if (replicasPerMaster > 0) {
            attachReplicas();
        }
        Await.until(FORMATION_TIMEOUT, "cluster_state:ok and a complete topology on every node", this::formed);
        for (RedisServer replica : replicas) {
            RedisReplication.awaitLinkUp(replica, FORMATION_TIMEOUT);
        }
    }

    private void assignSlots() {
        int count = masters.size();
        for (int i = 0; i < count; i++) {
            RedisServer master = masters.get(i);
            int first = i * ClusterSlots.SLOT_COUNT / count;
            int last = (i + 1) * ClusterSlots.SLOT_COUNT / count - 1;
            master.command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
            if (master.binary().majorVersion() >= 7) {
                master.command("CLUSTER", "ADDSLOTSRANGE", Integer.toString(first), Integer.toString(last));
            } else {
                List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
                IntStream.rangeClosed(first, last).mapToObj(Integer::toString).forEach(command::add);
                master.command(command.toArray(String[]::new));
            }
        }
    }

    private void meetAll() {
        RedisServer first = masters.get(0);
        for (RedisServer node : nodes().subList(1, nodes().size())) {
            first.command("CLUSTER", "MEET", RedisServer.HOST, Integer.toString(node.port()));
        }
        Await.until(FORMATION_TIMEOUT, "every node to know all " + nodes().size() + " nodes",
                () -> nodes().stream().allMatch(this::knowsAllNodes));
    }

    private void attachReplicas() {
        for (int j = 0; j < replicas.size(); j++) {
            RedisServer replica = replicas.get(j);
            String masterId = nodeId(masters.get(j % masters.size()));
            Await.until(FORMATION_TIMEOUT, replica + " to replicate " + masterId,
                    () -> "OK".equals(replica.command("CLUSTER", "REPLICATE", masterId)));
        }
    }

    private boolean formed() {
        for (RedisServer node : nodes()) {
            if (!stateOk(node) || !knowsAllNodes(node)) {
                return false;
            }
            List<String[]> view = clusterNodes(node);
            for (int j = 0; j < replicas.size(); j++) {
                String replicaId = nodeId(replicas.get(j));
                String masterId = nodeId(masters.get(j % masters.size()));
                boolean attached = view.stream().anyMatch(fields -> fields[0].equals(replicaId)
                        && fields[2].contains("slave") && fields[3].equals(masterId));
                if (!attached) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean knowsAllNodes(RedisServer node) {
        List<String[]> view = clusterNodes(node);
        return view.size() == nodes().size() && view.stream().allMatch(fields -> {
            List<String> flags = Arrays.asList(fields[2].split(","));
            boolean linked = flags.contains("myself") || "connected".equals(fields[7]);
            return linked && !flags.contains("handshake") && !flags.contains("noaddr")
                    && !flags.contains("fail") && !flags.contains("fail?");
        });
    }

    private static boolean stateOk(RedisServer node) {
        return "ok".equals(InfoFields.parse((String) node.command(QUERY_TIMEOUT, "CLUSTER", "INFO")).get("cluster_state"));
    }

    private String nodeId(RedisServer node) {
        return nodeIds.computeIfAbsent(node, n -> (String) n.command("CLUSTER", "MYID"));
    }

    /** {@code CLUSTER NODES} lines split into fields: id, address, flags, master id, ..., link state, slots. */
    private static List<String[]> clusterNodes(RedisServer node) {
        String text = (String) node.command(QUERY_TIMEOUT, "CLUSTER", "NODES");
        return text.lines().filter(line -> !line.isBlank()).map(line -> line.split(" ")).collect(Collectors.toList());
    }
}
