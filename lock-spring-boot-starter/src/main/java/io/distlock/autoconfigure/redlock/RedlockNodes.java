package io.distlock.autoconfigure.redlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SslOptions;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.distlock.redis.RedisLockBackend;

/**
 * One Lettuce connection factory and lock backend per Redlock node, started with the
 * application and destroyed with it. Nothing connects before the first lock call.
 */
public final class RedlockNodes implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(RedlockNodes.class);

    private final List<LettuceConnectionFactory> factories = new ArrayList<>();

    private final List<RedisLockBackend> backends = new ArrayList<>();

    private final List<Node> nodes = new ArrayList<>();

    /**
     * @param urls the node URLs, three or more
     * @param keyPrefix the key prefix on every node
     * @param commandTimeout each node's command timeout
     * @param sslBundle what {@code rediss://} nodes trust and present, or null for the JVM's defaults
     */
    public RedlockNodes(List<String> urls, String keyPrefix, Duration commandTimeout, SslBundle sslBundle) {
        if (urls.size() < 3) {
            throw new IllegalArgumentException("distributed-lock.redlock.nodes needs at least 3 independent masters, got "
                    + urls.size() + ": " + urls.stream().map(RedisNodeUrl::mask).toList());
        }
        List<RedisNodeUrl> nodes = urls.stream().map(RedisNodeUrl::parse).toList();
        for (RedisNodeUrl node : nodes) {
            RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(node.host(), node.port());
            server.setUsername(node.username());
            if (node.password() != null) {
                server.setPassword(node.password());
            }
            LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                    .commandTimeout(commandTimeout);
            if (node.ssl()) {
                client.useSsl();
                if (sslBundle != null) {
                    client.clientOptions(ClientOptions.builder().sslOptions(sslOptions(sslBundle)).build());
                }
            }
            LettuceConnectionFactory factory = new LettuceConnectionFactory(server, client.build());
            factory.afterPropertiesSet();
            factory.start();
            this.factories.add(factory);
            this.backends.add(new RedisLockBackend(factory, keyPrefix));
            this.nodes.add(new Node(node, factory));
        }
        logger.info("Distributed locks use Redlock over " + nodes.size() + " masters: " + nodes);
    }

    private static SslOptions sslOptions(SslBundle bundle) {
        SslOptions.Builder options = SslOptions.builder().jdkSslProvider()
                .keyManager(bundle.getManagers().getKeyManagerFactory())
                .trustManager(bundle.getManagers().getTrustManagerFactory());
        if (bundle.getOptions().getCiphers() != null) {
            options.cipherSuites(bundle.getOptions().getCiphers());
        }
        if (bundle.getOptions().getEnabledProtocols() != null) {
            options.protocols(bundle.getOptions().getEnabledProtocols());
        }
        return options.build();
    }

    /** One backend per node, in the configured order. */
    public List<RedisLockBackend> backends() {
        return this.backends;
    }

    /** The nodes, in the configured order, for health checks and inspection. */
    public List<Node> nodes() {
        return this.nodes;
    }

    /**
     * The connections to each node by its URL with the credentials masked, in the configured
     * order: what health checks and inspection show and call.
     */
    public Map<String, RedisConnectionFactory> connectionFactoriesByMaskedUrl() {
        Map<String, RedisConnectionFactory> connections = new LinkedHashMap<>();
        this.nodes.forEach((node) -> connections.put(node.url().toString(), node.connectionFactory()));
        return connections;
    }

    /**
     * One Redlock node: where it is and the connections to it.
     *
     * @param url the node's URL; its {@code toString()} masks the credentials
     * @param connectionFactory the connections to the node
     */
    public record Node(RedisNodeUrl url, LettuceConnectionFactory connectionFactory) {
    }

    @Override
    public void close() {
        this.backends.forEach(RedisLockBackend::close);
        this.factories.forEach(LettuceConnectionFactory::destroy);
    }
}
