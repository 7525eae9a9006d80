package io.distlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.RedisServerExtension;
import io.distlock.test.redis.ChildJvm;
import io.distlock.test.redis.RedisServer;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Locks across JVMs: three child processes contend, a holder is killed, a holder is frozen
 * past its lease while another owner takes over.
 */
public class MultiProcessLockTests {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    private LettuceConnectionFactory factory;

    private DefaultLockTemplate template;

    @BeforeEach
    void createTemplate() {
        this.factory = RedisFactories.lettuce(RedisFactories.standalone(redis.server().port()));
        this.template = DefaultLockTemplate.builder(new RedisLockBackend(this.factory, "lock:")).build();
    }

    @AfterEach
    void closeTemplate() {
        this.template.close();
        this.factory.destroy();
    }

    private String port() {
        return Integer.toString(redis.server().port());
    }

    @Test
    void threeJvmsNeverOverlapAndTheirTokensFollowLockOrder() {
        assertChildrenTakeTurns(port(), redis.server());
    }

    /**
     * Three child JVMs contend on one key, each bumping a plain Redis counter under the lock;
     * {@code ports} names one server, or several for Redlock.
     */
    public static void assertChildrenTakeTurns(String ports, RedisServer counterServer) {
        int rounds = 25;
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                children.add(ChildJvm.start(LockingChild.class, "count", ports, Integer.toString(rounds)));
            }
            List<long[]> tokenAndValue = new ArrayList<>();
            for (ChildJvm child : children) {
                assertThat(child.waitFor(Duration.ofSeconds(120))).as(child.stderrTail(30)).isZero();
                for (String line : child.lines()) {
                    if (line.startsWith("token ")) {
                        String[] parts = line.split(" ");
                        tokenAndValue.add(new long[] { Long.parseLong(parts[1]), Long.parseLong(parts[3]) });
                    }
                }
            }
            assertThat(counterServer.command("GET", "counter")).isEqualTo(Integer.toString(3 * rounds));
            assertThat(tokenAndValue).hasSize(3 * rounds);
            tokenAndValue.sort(Comparator.comparingLong((long[] pair) -> pair[0]));
            for (int i = 0; i < tokenAndValue.size(); i++) {
                // Ordered by token, the counter values read under the lock are 0, 1, 2, ...
                assertThat(tokenAndValue.get(i)[1]).isEqualTo(i);
            }
        }
        finally {
            children.forEach(ChildJvm::close);
        }
    }

    @Test
    void killedHoldersLockIsFreeAgainAfterItsLease() {
        try (ChildJvm child = ChildJvm.start(LockingChild.class, "hold", port(), "1500", "600000")) {
            child.awaitLine((line) -> line.startsWith("acquired"), STARTUP);
            child.kill();
            assertThat(this.template.tryLock("held", LockOptions.defaults())).isEmpty();
            LockHandle lock = this.template.tryLock("held", LockOptions.builder().waitTime(Duration.ofSeconds(10)).build())
                    .orElseThrow();
            lock.close();
        }
    }

    @Test
    void frozenHolderResumedAfterATakeoverNeitherReleasesTheNewLockNorOutranksIt() {
        try (ChildJvm child = ChildJvm.start(LockingChild.class, "hold", port(), "1000", "2500")) {
            long childToken = Long.parseLong(child.awaitLine((line) -> line.startsWith("acquired"), STARTUP).split(" ")[1]);
            child.pause();
            LockHandle lock;
            try {
                lock = this.template.tryLock("held", LockOptions.builder().waitTime(Duration.ofSeconds(10)).build())
                        .orElseThrow();
            }
            finally {
                child.resume();
            }
            assertThat(lock.fencingToken()).isGreaterThan(childToken);
            assertThat(child.awaitLine((line) -> line.startsWith("closed"), Duration.ofSeconds(30)))
                    .isEqualTo("closed held=false");
            assertThat(lock.isHeld()).isTrue();
            assertThat(lock.extend(Duration.ofSeconds(10))).isTrue();
            lock.close();
        }
    }
}
