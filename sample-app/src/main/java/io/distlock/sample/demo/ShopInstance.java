package io.distlock.sample.demo;

import java.lang.management.ManagementFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The name of this running instance of the shop, as reports and the page show it:
 * {@code sample.instance-id}, by default {@code pid@host}.
 */
@Component
public class ShopInstance {

    private final String id;

    /**
     * Creates the instance name.
     * @param configured {@code sample.instance-id}, blank for the default
     */
    public ShopInstance(@Value("${sample.instance-id:}") String configured) {
        this.id = configured.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : configured.trim();
    }

    /**
     * The instance name.
     * @return e.g. {@code 4242@shop-host} or the configured id
     */
    public String id() {
        return id;
    }
}
