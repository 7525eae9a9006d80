package io.distlock.sample.demo;

import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.distlock.sample.embedded.EmbeddedRedisEnvironmentPostProcessor;

/**
 * {@code GET /api/demo/info}: which instance this is and which Redis it locks in, for the page.
 */
@RestController
public class DemoInfoController {

    private final ShopInstance instance;

    private final Environment environment;

    /**
     * Creates the controller.
     * @param instance this instance
     * @param environment where the Redis address and the report interval are read
     */
    public DemoInfoController(ShopInstance instance, Environment environment) {
        this.instance = instance;
        this.environment = environment;
    }

    /**
     * Describes this instance.
     * @return instance name, Redis address, whether that Redis was started by the shop itself
     */
    @GetMapping("/api/demo/info")
    public DemoInfo info() {
        String redis = environment.getProperty("spring.data.redis.host", "localhost") + ":"
                + environment.getProperty("spring.data.redis.port", "6379");
        String embedded = environment.getProperty(EmbeddedRedisEnvironmentPostProcessor.DESCRIPTION_PROPERTY);
        return new DemoInfo(instance.id(), redis, embedded, environment.getProperty("distributed-lock.key-prefix", "lock:"),
                environment.getProperty("sample.report.interval"),
                environment.getProperty("sample.payments.idempotency-window", "30s"));
    }

    /**
     * What the page shows about this instance.
     * @param instance the instance name
     * @param redis {@code host:port} of the Redis the locks live in
     * @param embeddedRedis a description of the redis-server the shop started itself, or {@code null}
     * @param keyPrefix the prefix of every lock key in Redis
     * @param reportInterval the interval of the report job
     * @param idempotencyWindow how long a payment's key stays locked
     */
    public record DemoInfo(String instance, String redis, String embeddedRedis, String keyPrefix,
            String reportInterval, String idempotencyWindow) {
    }
}
