package io.distlock.sample.embedded;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import io.distlock.test.redis.RedisServer;

/**
 * Starts a {@code redis-server} for the shop when none is reachable, so that
 * {@code java -jar sample-app.jar} works on a machine with nothing installed.
 * <p>
 * Before the application context starts, it tries a TCP connection to
 * {@code spring.data.redis.host}:{@code port} (300 ms). When that fails, the host is this
 * machine, and {@code sample.embedded-redis} is not {@code false}, it starts a server with
 * lock-test-support's {@link RedisServer} (the binary from {@code DISTLOCK_REDIS_SERVER}, else
 * {@code PATH}, else the one shipped in the embedded-redis artifact) on the configured port (so a
 * second instance started the same way shares it), or a free one if that is taken, points
 * {@code spring.data.redis.host}/{@code port} at it, and stops it when the context closes. A
 * remote host that does not answer is left alone: the application starts anyway and its health
 * shows Redis down. With {@code spring.data.redis.url}, Sentinel or Cluster settings nothing is
 * started either.
 * <p>
 * This is a demo convenience; the distlock library never starts servers.
 */
public class EmbeddedRedisEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** Set to {@code false} to never start a server. */
    public static final String ENABLED_PROPERTY = "sample.embedded-redis";

    /** Set by this class to describe the server it started, e.g. for the page. */
    public static final String DESCRIPTION_PROPERTY = "sample.embedded-redis-server";

    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);

    private static final String PROPERTY_SOURCE = "embeddedRedis";

    private final Log log;

    /**
     * Creates the post-processor.
     * @param logs Boot's log factory for the time before logging is set up
     */
    public EmbeddedRedisEnvironmentPostProcessor(DeferredLogFactory logs) {
        this.log = logs.getLog(EmbeddedRedisEnvironmentPostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(ENABLED_PROPERTY, Boolean.class, true) || hasOtherTopology(environment)) {
            return;
        }
        RedisAddress configured = new RedisAddress(environment.getProperty("spring.data.redis.host", "localhost"),
                environment.getProperty("spring.data.redis.port", Integer.class, 6379));
        if (!configured.isLoopback() || configured.isReachable(CONNECT_TIMEOUT)) {
            return;
        }
        RedisServer server = start(configured, environment.getProperty("spring.data.redis.password"));
        if (server == null) {
            return;
        }
        String description = "redis-server " + server.binary().version() + " from " + server.binary().source()
                + " on port " + server.port();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.data.redis.host", server.host());
        properties.put("spring.data.redis.port", server.port());
        properties.put(DESCRIPTION_PROPERTY, description);
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
        EmbeddedRedisShutdown.register(application, server);
        log.info("No Redis at " + configured + "; started embedded " + description);
    }

    /**
     * Starts on the configured port, so that a second instance started the same way finds this
     * server and shares it; on a free port if that one is taken by something else.
     */
    private RedisServer start(RedisAddress configured, String password) {
        try {
            try {
                return builder(password).port(configured.port()).start();
            }
            catch (RuntimeException portTaken) {
                return builder(password).start();
            }
        } catch (RuntimeException ex) {
            log.warn("No Redis at " + configured + ", and no embedded redis-server could be started (" + ex.getMessage()
                    + "); locks will fail until Redis is reachable. Install redis-server or set "
                    + "spring.data.redis.host/port.");
            return null;
        }
    }

    private static RedisServer.Builder builder(String password) {
        RedisServer.Builder builder = RedisServer.builder();
        if (StringUtils.hasText(password)) {
            builder.config("requirepass", password);
        }
        return builder;
    }

    private static boolean hasOtherTopology(ConfigurableEnvironment environment) {
        return StringUtils.hasText(environment.getProperty("spring.data.redis.url"))
                || StringUtils.hasText(environment.getProperty("spring.data.redis.sentinel.master"))
                || StringUtils.hasText(environment.getProperty("spring.data.redis.cluster.nodes[0]"))
                || StringUtils.hasText(environment.getProperty("spring.data.redis.cluster.nodes"));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
