package io.distlock.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds TCP ports on 127.0.0.1 that are free right now. Another process may take the port
 * before it is used, so callers must be ready to retry (as {@link RedisServer} does).
 */
public final class FreePorts {

    /** Redis Cluster listens for its bus on the client port plus this offset. */
    static final int CLUSTER_BUS_OFFSET = 10000;

    private FreePorts() {
    }

    /** Returns a port that was free on 127.0.0.1 a moment ago. */
    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port", e);
        }
    }

    /** Returns a port {@code p} such that both {@code p} and the cluster bus port {@code p + 10000} were free. */
    public static int findWithClusterBus() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = find();
            if (port + CLUSTER_BUS_OFFSET <= 65535 && isFree(port + CLUSTER_BUS_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port pair (port, port + 10000) found on 127.0.0.1");
    }

    /** Whether a port can be bound on 127.0.0.1 right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
