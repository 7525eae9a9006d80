package io.distlock;

import java.time.Duration;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A lock user in a JVM of its own, started by the multi-process tests.
 * <ul>
 * <li>{@code count <port> <rounds>}: under lock "shared", reads a plain Redis counter, pauses,
 * writes it plus one; prints {@code token <t> value <v>} each round, then {@code done}.</li>
 * <li>{@code hold <port> <leaseMillis> <holdMillis>}: takes lock "held" with a watchdog lease,
 * prints {@code acquired <token>}, sleeps, then prints {@code closed held=<isHeld>} after
 * closing.</li>
 * </ul>
 */
public final class LockingChild {

    private LockingChild() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        LettuceConnectionFactory factory = RedisFactories.lettuce(RedisFactories.standalone(port));
        Duration lease = Duration.ofMillis(args[0].equals("hold") ? Long.parseLong(args[2]) : 30_000);
        DefaultLockTemplate template = DefaultLockTemplate.builder(new RedisLockBackend(factory, "lock:"))
                .leaseTime(lease).build();
        if (args[0].equals("count")) {
            count(template, new StringRedisTemplate(factory), Integer.parseInt(args[2]));
        }
        else {
            hold(template, Long.parseLong(args[3]));
        }
        template.close();
        factory.destroy();
        System.exit(0);
    }

    private static void count(LockTemplate template, StringRedisTemplate redis, int rounds) {
        LockOptions options = LockOptions.builder().waitTime(Duration.ofSeconds(60)).build();
        for (int i = 0; i < rounds; i++) {
            template.execute("shared", options, (lock) -> {
                String read = redis.opsForValue().get("counter");
                long value = (read != null) ? Long.parseLong(read) : 0;
                sleep(2);
                redis.opsForValue().set("counter", Long.toString(value + 1));
                System.out.println("token " + lock.fencingToken() + " value " + value);
                return null;
            });
        }
        System.out.println("done");
    }

    private static void hold(LockTemplate template, long holdMillis) {
        LockHandle lock = template.tryLock("held", LockOptions.defaults()).orElseThrow();
        System.out.println("acquired " + lock.fencingToken());
        sleep(holdMillis);
        boolean held = lock.isHeld();
        lock.close();
        System.out.println("closed held=" + held);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
