package io.distlock.sample.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;

/**
 * Where the application expects Redis: {@code spring.data.redis.host} and {@code port}.
 *
 * @param host the host name or address
 * @param port the port
 */
public record RedisAddress(String host, int port) {

    /**
     * Whether the host is this machine's loopback interface, by name or literal address (no DNS
     * lookup).
     * @return true for {@code localhost}, {@code 127.x.x.x} and {@code ::1}
     */
    public boolean isLoopback() {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.equals("localhost") || name.startsWith("127.") || name.equals("::1")
                || name.equals("0:0:0:0:0:0:0:1");
    }

    /**
     * Whether something accepts TCP connections there.
     * @param timeout how long to try
     * @return true when a connection could be opened
     */
    public boolean isReachable(Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return true;
        } catch (IOException ex) {
            return false;
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
