package io.distlock.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts, one per operation, read once from {@code .lua} resources beside this class.
 * Their text is kept in memory: a script built on the resource itself would check the file's
 * modification time on every call. {@link RedisLockBackend} runs them by SHA and falls back to
 * sending the source when Redis answers {@code NOSCRIPT} (after {@code SCRIPT FLUSH}, a restart
 * or a failover).
 */
final class LockScripts {

    @SuppressWarnings("rawtypes")
    static final RedisScript<List> ACQUIRE = load("acquire.lua", List.class);

    static final RedisScript<Long> RELEASE = load("release.lua", Long.class);

    @SuppressWarnings("rawtypes")
    static final RedisScript<List> RENEW = load("renew.lua", List.class);

    static final RedisScript<Long> EXTEND = load("extend.lua", Long.class);

    static final RedisScript<Long> FORCE_RELEASE = load("force-release.lua", Long.class);

    static final RedisScript<Long> RAISE_FENCE = load("raise-fence.lua", Long.class);

    private LockScripts() {
    }

    private static <T> RedisScript<T> load(String name, Class<T> resultType) {
        try {
            return RedisScript.of(new ClassPathResource(name, LockScripts.class).getContentAsString(StandardCharsets.UTF_8),
                    resultType);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the Lua script " + name, ex);
        }
    }
}
