package io.distlock.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The sample shop: shows what distributed locks are for.
 * <ul>
 * <li>{@code orders}: no overselling, the stock is checked and decremented under a lock per product;</li>
 * <li>{@code payments}: an {@code Idempotency-Key} is processed once;</li>
 * <li>{@code accounts} and {@code config}: resources changed by one writer at a time;</li>
 * <li>{@code report}: a scheduled job that runs on one instance per window;</li>
 * <li>{@code embedded}: a {@code redis-server} of its own when none is reachable (demo only).</li>
 * </ul>
 * Open {@code http://localhost:8080/} once it runs.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleShopApplication {

    /**
     * Starts the shop.
     * @param args command-line arguments, e.g. {@code --server.port=8081}
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleShopApplication.class, args);
    }
}
