package io.distlock.redis;

import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts, one per operation, loaded once from {@code .lua} resources beside this class.
 * Spring Data Redis runs them by SHA and falls back to sending the source when Redis answers
 * {@code NOSCRIPT} (after {@code SCRIPT FLUSH}, a restart or a failover).
 */
final class LockScripts {

    @SuppressWarnings("rawtypes")
    static final RedisScript<List> ACQUIRE = load("acquire.lua", List.class);

    static final RedisScript<Long> RELEASE = load("release.lua", Long.class);

    @SuppressWarnings("rawtypes")
    static final RedisScript<List> RENEW = load("renew.lua", List.class);

    static final RedisScript<Long> FORCE_RELEASE = load("force-release.lua", Long.class);

    static final RedisScript<Long> RAISE_FENCE = load("raise-fence.lua", Long.class);

    private LockScripts() {
    }

    private static <T> RedisScript<T> load(String name, Class<T> resultType) {
        return RedisScript.of(new ClassPathResource(name, LockScripts.class), resultType);
    }
}
