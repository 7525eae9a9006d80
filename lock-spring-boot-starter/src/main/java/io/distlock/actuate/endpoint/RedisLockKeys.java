package io.distlock.actuate.endpoint;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

import io.distlock.redis.RedisLockBackend;

/**
 * The endpoint's direct view of lock keys in Redis. Only keys under the key prefix, and not the
 * library's own bookkeeping keys (fence counters), are lock keys; nothing else is read or deleted.
 */
final class RedisLockKeys {

    private final StringRedisTemplate redis;

    private final String keyPrefix;

    RedisLockKeys(RedisConnectionFactory connectionFactory, String keyPrefix) {
        Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
        Assert.hasText(keyPrefix, "'keyPrefix' must not be empty");
        this.redis = new StringRedisTemplate(connectionFactory);
        this.keyPrefix = keyPrefix;
    }

    /** Whether {@code redisKey} can name a lock: under the prefix, not reserved. */
    boolean isLockKey(String redisKey) {
        return redisKey.length() > this.keyPrefix.length() && redisKey.startsWith(this.keyPrefix)
                && !redisKey.startsWith(this.keyPrefix + RedisLockBackend.RESERVED_PREFIX);
    }

    /**
     * The remaining time to live of {@code redisKey}.
     * @return milliseconds, {@code -1} when the key has no expiry, {@code null} when it does not exist
     */
    @Nullable Long ttlMillis(String redisKey) {
        Long ttl = this.redis.getExpire(redisKey, TimeUnit.MILLISECONDS);
        return (ttl == null || ttl == -2) ? null : ttl;
    }
}
