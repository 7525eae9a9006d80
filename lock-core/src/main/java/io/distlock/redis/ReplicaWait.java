package io.distlock.redis;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.util.ClassUtils;

/**
 * {@code WAIT numreplicas timeout} on a given connection. Spring Data Redis has no command for
 * it; Jedis answers the generic {@code execute} with a number, Lettuce needs to be told that
 * the reply is an integer.
 */
final class ReplicaWait {

    private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
            ReplicaWait.class.getClassLoader());

    private ReplicaWait() {
    }

    /** How many replicas acknowledged this connection's writes within {@code timeoutMillis}. */
    static long await(RedisConnection connection, int replicas, long timeoutMillis) {
        byte[][] args = { Integer.toString(replicas).getBytes(), Long.toString(timeoutMillis).getBytes() };
        if (LETTUCE_PRESENT && connection instanceof LettuceConnection) {
            return Lettuce.await((LettuceConnection) connection, args);
        }
        return ((Number) connection.execute("WAIT", args)).longValue();
    }

    /** Keeps Lettuce types out of the class above, so Jedis-only applications never load them. */
    private static final class Lettuce {

        static long await(LettuceConnection connection, byte[][] args) {
            return (Long) connection.execute("WAIT", new IntegerOutput<>(ByteArrayCodec.INSTANCE), args);
        }
    }
}
