package io.distlock.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample shop: shows what distributed locks are for.
 */
@SpringBootApplication
public class SampleShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleShopApplication.class, args);
    }
}
