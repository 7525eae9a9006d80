package io.distlock.autoconfigure.health;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

import io.distlock.actuate.health.SecretMasker;
import io.distlock.autoconfigure.redlock.RedlockNodes;

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

    /** A masker for the passwords of every Redlock node (and URL user-info in any case). */
    static SecretMasker masker(RedlockNodes nodes) {
        List<@Nullable String> secrets = new ArrayList<>();
        nodes.nodes().forEach((node) -> secrets.add(node.url().password()));
        return new SecretMasker(secrets);
    }
}
