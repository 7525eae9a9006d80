package io.distlock.benchmarks.clients;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The floor: the least a correct Redis lock does, on Lettuce's own {@link RedisClient} and one
 * shared connection. Acquire is {@code SET key owner NX PX 30000}; release is {@code EVALSHA} of a
 * compare-and-delete script: two round trips per cycle. The owner is a per-client random id and
 * a counter. A taken lock is retried at once until the wait runs out (no notification, no back-off).
 */
final class RawLettuceLockClient implements LockClient {

    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";

    private static final SetArgs NX_PX = SetArgs.Builder.nx().px(30_000);

    private final RedisClient client;

    private final StatefulRedisConnection<String, String> connection;

    private final RedisCommands<String, String> redis;

    private final String releaseSha;

    private final String ownerPrefix = UUID.randomUUID() + ":";

    private final AtomicLong owners = new AtomicLong();

    RawLettuceLockClient(int port) {
        this.client = RedisClient.create(RedisURI.create(Connections.HOST, port));
        this.connection = this.client.connect();
        this.redis = this.connection.sync();
        this.releaseSha = this.redis.scriptLoad(RELEASE);
    }

    @Override
    public boolean cycle(String key, long waitMillis, Runnable body) {
        String owner = this.ownerPrefix + this.owners.incrementAndGet();
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (this.redis.set(key, owner, NX_PX) == null) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        try {
            body.run();
        }
        finally {
            this.redis.evalsha(this.releaseSha, ScriptOutputType.INTEGER, new String[] {key}, owner);
        }
        return true;
    }

    @Override
    public void close() {
        this.connection.close();
        this.client.shutdown();
    }
}
