package io.distlock.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the commands clients send to a server, by name, with {@code MONITOR}: lines from Lua
 * scripts ({@code [0 lua]}) are commands a script ran, not round trips, and are counted apart.
 */
final class MonitorTap implements AutoCloseable {

    private static final Set<String> IGNORED = Set.of("info", "config", "monitor");

    private final Socket socket;

    private final Thread reader;

    private final Map<String, Long> sent = new TreeMap<>();

    private final Map<String, Long> inScripts = new TreeMap<>();

    private volatile boolean counting;

    MonitorTap(int port) throws IOException {
        this.socket = new Socket();
        this.socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        OutputStream out = this.socket.getOutputStream();
        out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(
                new InputStreamReader(this.socket.getInputStream(), StandardCharsets.ISO_8859_1), 1 << 16);
        String ok = in.readLine();
        if (!"+OK".equals(ok)) {
            throw new IOException("MONITOR answered " + ok);
        }
        this.reader = new Thread(() -> read(in), "monitor-tap");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts counting (lines before this are dropped). */
    void start() {
        this.counting = true;
    }

    private void read(BufferedReader in) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (this.counting) {
                    count(line);
                }
            }
        }
        catch (IOException closed) {
            // closed by close()
        }
    }

    private synchronized void count(String line) {
        int bracket = line.indexOf(']');
        int quote = line.indexOf('"', Math.max(bracket, 0));
        if (bracket < 0 || quote < 0) {
            return;
        }
        int end = line.indexOf('"', quote + 1);
        String command = line.substring(quote + 1, (end > 0) ? end : line.length()).toLowerCase();
        if (IGNORED.contains(command)) {
            return;
        }
        boolean lua = line.substring(0, bracket).endsWith("lua");
        (lua ? this.inScripts : this.sent).merge(command, 1L, Long::sum);
    }

    /** Commands sent by clients, by name. */
    synchronized Map<String, Long> sent() {
        return new TreeMap<>(this.sent);
    }

    /** Commands run by scripts, by name. */
    synchronized Map<String, Long> inScripts() {
        return new TreeMap<>(this.inScripts);
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }
}
