package io.distlock.test.redis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * A minimal blocking Redis client over one plain TCP connection: sends a command, waits for its reply.
 * Meant for test set-up and fault checks, not for load. Not thread-safe.
 *
 * <p>Reply types are described on {@link #call(Duration, String...)}. Error replies throw
 * {@link RedisCommandException}; connection failures (refused, reset, closed, timed out) throw
 * {@link UncheckedIOException} whose cause tells which ({@link java.net.SocketTimeoutException} for a timeout,
 * {@link java.net.ConnectException} for a refused connection).
 */
public final class RespClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Duration defaultTimeout;

    private RespClient(Socket socket, Duration defaultTimeout) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.defaultTimeout = defaultTimeout;
    }

    /**
     * Opens a connection.
     *
     * @param timeout connect timeout, and the default reply timeout of {@link #call(String...)}
     */
    public static RespClient connect(String host, int port, Duration timeout) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis(timeout));
            return new RespClient(socket, timeout);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("Cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Sends a command and returns its reply, waiting at most the timeout given to {@link #connect}. */
    public Object call(String... args) {
        return call(defaultTimeout, args);
    }

    /**
     * Sends a command and returns its decoded reply: {@link String} for simple and bulk strings,
     * {@link Long} for integers, {@code List<Object>} for arrays, {@code null} for nil
     * (and, after {@code HELLO 3}, {@code Map}, {@code Boolean}, {@code Double}, {@code BigInteger}).
     * An error nested inside an array is returned as a {@link RedisCommandException} element.
     *
     * @throws RedisCommandException for an error reply
     * @throws UncheckedIOException  when the connection fails or no reply arrives within {@code timeout};
     *                               the connection must not be used afterwards
     */
    public Object call(Duration timeout, String... args) {
        try {
            socket.setSoTimeout(timeoutMillis(timeout));
            out.write(RespCodec.encode(args));
            out.flush();
            return RespCodec.readReply(in);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(describe(args) + " to " + socket.getRemoteSocketAddress() + " failed: " + e, e);
        }
    }

    /** Whether the connection has been closed (by {@link #close()} or after a failure). */
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static String describe(String... args) {
        return args.length == 0 ? "Empty command" : "Command " + args[0];
    }

    private static int timeoutMillis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }
}
