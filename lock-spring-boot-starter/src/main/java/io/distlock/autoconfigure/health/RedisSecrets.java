package io.distlock.autoconfigure.health;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

import io.distlock.actuate.health.SecretMasker;

/**
 * The Redis passwords an application is configured with, so that health output can mask them.
 */
final class RedisSecrets {

    private RedisSecrets() {
    }

    /** A masker for the passwords in {@code details} (and URL user-info in any case). */
    static SecretMasker masker(@Nullable DataRedisConnectionDetails details) {
        List<@Nullable String> secrets = new ArrayList<>();
        if (details != null) {
            secrets.add(details.getPassword());
            DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
            if (sentinel != null) {
                secrets.add(sentinel.getPassword());
            }
        }
        return new SecretMasker(secrets);
    }
}
