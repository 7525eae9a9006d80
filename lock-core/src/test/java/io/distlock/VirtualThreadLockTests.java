package io.distlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.RedisServerExtension;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Mutual exclusion with waiters on virtual threads (Java 21+; the code is compiled for 17, so
 * the executor is looked up reflectively). Waiting parks on a semaphore, never in a monitor.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadLockTests {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    @Test
    void virtualThreadsNeverOverlapAndLoseNoUpdate() throws Exception {
        LettuceConnectionFactory factory = RedisFactories.lettuce(RedisFactories.standalone(redis.server().port()));
        DefaultLockTemplate template = DefaultLockTemplate.builder(new RedisLockBackend(factory, "lock:")).build();
        ExecutorService executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                .invoke(null);
        try {
            CriticalSection section = new CriticalSection();
            LockOptions options = LockOptions.builder().waitTime(Duration.ofSeconds(60)).build();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                futures.add(executor.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        template.execute("virtual", options, (lock) -> {
                            section.enter();
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
            section.assertExclusive(640);
        }
        finally {
            executor.shutdownNow();
            template.close();
            factory.destroy();
        }
    }
}
