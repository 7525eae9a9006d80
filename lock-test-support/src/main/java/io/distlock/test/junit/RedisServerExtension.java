package io.distlock.test.junit;

import io.distlock.test.redis.RedisBinary;
import io.distlock.test.redis.RedisServer;
import java.util.function.Consumer;

/**
 * Runs one standalone {@link RedisServer} for a test class:
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension redis = RedisServerExtension.standalone();
 * }</pre>
 * The server starts before all tests and is closed after them. Before each test a server that a previous test
 * stopped, killed or paused is brought back (resumed or restarted on the same port) and all data is flushed
 * (a server that cannot flush, e.g. left in {@code CLIENT PAUSE}, is restarted). Settings changed with
 * {@code CONFIG SET} survive into the next test unless the server was restarted.
 * Registered on an instance field, it starts a fresh server for each test instead.
 */
public final class RedisServerExtension extends ManagedResourceExtension<RedisServer> {

    private RedisServerExtension(Consumer<RedisServer.Builder> configuration) {
        super(new ManagedResource<>("Redis server", () -> {
            RedisServer.Builder builder = RedisServer.builder();
            configuration.accept(builder);
            return builder.start();
        }, RedisServerExtension::heal, RedisServerExtension::flushOrRestart));
    }

    /** A server with the {@linkplain RedisBinary#resolve() default binary} and the default config. */
    public static RedisServerExtension standalone() {
        return new RedisServerExtension(builder -> { });
    }

    /** A server running the given binary. */
    public static RedisServerExtension standalone(RedisBinary binary) {
        return new RedisServerExtension(builder -> builder.binary(binary));
    }

    /** A server configured by {@code configuration}, e.g. {@code b -> b.config("requirepass", "secret")}. */
    public static RedisServerExtension standalone(Consumer<RedisServer.Builder> configuration) {
        return new RedisServerExtension(configuration);
    }

    /** The running server. */
    public RedisServer server() {
        return resource();
    }

    /** Shortcut for {@code server().host()}. */
    public String host() {
        return server().host();
    }

    /** Shortcut for {@code server().port()}. */
    public int port() {
        return server().port();
    }





    private static boolean heal(RedisServer server) {
        server.ensureRunning();
        return true;
    }

    /** Flushes; a server that cannot (e.g. left in {@code CLIENT PAUSE} or busy) is restarted first. */
    private static void flushOrRestart(RedisServer server) {
        try {
            server.flushAll();
        } catch (RuntimeException unresponsive) {
            server.kill();
            server.restart();
            server.flushAll();
        }
    }
}
