package io.distlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.redlock.RedlockBackend;
import io.distlock.spi.LockBackend;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A lock user in a JVM of its own, started by the multi-process tests.
 * <ul>
 * <li>{@code count <port>[,<port>...] <rounds>}: under lock "shared", reads a plain Redis counter
 * (on the first port's server), pauses, writes it plus one; prints {@code token <t> value <v>}
 * each round, then {@code done}. Several ports make it a Redlock over those masters.</li>
 * <li>{@code hold <port> <leaseMillis> <holdMillis>}: takes lock "held" with a watchdog lease,
 * prints {@code acquired <token>}, sleeps, then prints {@code closed held=<isHeld>} after
 * closing.</li>
 * </ul>
 */
public final class LockingChild {

    private LockingChild() {
    }

    public static void main(String[] args) throws Exception {
        List<LettuceConnectionFactory> factories = new ArrayList<>();
        for (String port : args[1].split(",")) {
            factories.add(RedisFactories.lettuce(RedisFactories.standalone(Integer.parseInt(port))));
        }
        List<RedisLockBackend> nodes = factories.stream().map((factory) -> new RedisLockBackend(factory, "lock:")).toList();
        LockBackend backend = (nodes.size() == 1) ? nodes.get(0) : new RedlockBackend(nodes, Duration.ofMillis(500));
        Duration lease = Duration.ofMillis(args[0].equals("hold") ? Long.parseLong(args[2]) : 30_000);
        DefaultLockTemplate template = DefaultLockTemplate.builder(backend).leaseTime(lease).build();
        if (args[0].equals("count")) {
            count(template, new StringRedisTemplate(factories.get(0)), Integer.parseInt(args[2]));
        }
        else {
            hold(template, Long.parseLong(args[3]));
        }
        template.close();
        factories.forEach(LettuceConnectionFactory::destroy);
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
