package io.distlock.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.distlock.LockHandle;
import io.distlock.LockTemplate;
import io.distlock.annotation.DistributedLock;
import io.distlock.annotation.DistributedLocks;
import io.distlock.test.junit.RedisServerExtension;

/**
 * Issue 12, item 13: a locked {@code @Transactional} method that joins its caller's transaction
 * keeps the lock until that transaction completes, so the next holder reads what this one wrote.
 */
// Closed with its class: its Redis server stops with the class too.
@DirtiesContext
@SpringBootTest(classes = { LockTestApplication.class, LockJoiningTransactionTests.Banking.class },
        webEnvironment = WebEnvironment.NONE,
        properties = { "test.lock.wait=100ms", "test.lock.lease=2s", "spring.datasource.generate-unique-name=true" })
class LockJoiningTransactionTests {

    private static final int THREADS = 4;

    private static final int DEPOSITS = 5;

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    @DynamicPropertySource
    static void redisProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", redis::port);
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(THREADS);

    @Autowired
    private Ledger ledger;

    @Autowired
    private Teller teller;

    @Autowired
    private LockTemplate lockTemplate;

    @Autowired
    private StringRedisTemplate redisTemplate;

    @BeforeEach
    void openAccount() {
        this.ledger.open("acc");
    }

    @AfterEach
    void stop() {
        this.executor.shutdownNow();
    }

    @Test
    void item13_noLostUpdateWhenTheCallersTransactionCommitsAfterTheLockedMethodReturned() throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(this.executor.submit(() -> {
                for (int j = 0; j < DEPOSITS; j++) {
                    this.teller.deposit("acc");
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
        assertThat(this.ledger.balance("acc")).isEqualTo(THREADS * DEPOSITS);
        assertThat(this.ledger.heldAtCommit()).hasSize(THREADS * DEPOSITS).containsOnly(true);
        assertThat(this.redisTemplate.hasKey("lock:ledger:acc")).isFalse();
        assertThat(this.lockTemplate.heldLocks()).isEmpty();
    }

    @Test
    void item13_theCallersTransactionReentersTheLockItKeepsAndReleasesItAtCommit() {
        this.teller.depositTwice("acc");
        assertThat(this.ledger.balance("acc")).isEqualTo(2);
        assertThat(this.ledger.heldAtCommit()).containsExactly(true, true);
        assertThat(this.redisTemplate.hasKey("lock:ledger:acc")).isFalse();
        assertThat(this.lockTemplate.heldLocks()).isEmpty();
    }

    @Test
    void item13_aRollbackOfTheCallersTransactionReleasesTheLockToo() {
        assertThatIllegalStateException().isThrownBy(() -> this.teller.depositThenFail("acc"))
            .withMessage("changed my mind");
        assertThat(this.ledger.balance("acc")).isZero();
        assertThat(this.redisTemplate.hasKey("lock:ledger:acc")).isFalse();
        assertThat(this.lockTemplate.heldLocks()).isEmpty();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Banking {

        @Bean
        Ledger ledger(JdbcTemplate jdbc) {
            return new Ledger(jdbc);
        }

        @Bean
        Teller teller(Ledger ledger) {
            return new Teller(ledger);
        }
    }

    /** A read-then-write increment, locked, in a transaction that joins the caller's. */
    public static class Ledger {

        private final JdbcTemplate jdbc;

        private final List<Boolean> heldAtCommit = new CopyOnWriteArrayList<>();

        public Ledger(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        public void open(String account) {
            this.jdbc.execute("create table if not exists account (id varchar(20) primary key, balance int not null)");
            this.jdbc.update("merge into account key (id) values (?, 0)", account);
            this.heldAtCommit.clear();
        }

        @DistributedLock(key = "#account", name = "ledger", waitTime = "30s")
        @Transactional(propagation = Propagation.REQUIRED)
        public void increment(String account) {
            LockHandle lock = DistributedLocks.currentHandle().orElseThrow();
            int balance = balance(account);
            Thread.yield();
            this.jdbc.update("update account set balance = ? where id = ?", balance + 1, account);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    Ledger.this.heldAtCommit.add(lock.isHeld());
                }
            });
        }

        /** Whether the lock was still held when each transaction that incremented committed. */
        public List<Boolean> heldAtCommit() {
            return this.heldAtCommit;
        }

        public int balance(String account) {
            return this.jdbc.queryForObject("select balance from account where id = ?", Integer.class, account);
        }
    }

    /** Starts the transaction that {@link Ledger#increment} joins, and commits it some time later. */
    public static class Teller {

        private final Ledger ledger;

        public Teller(Ledger ledger) {
            this.ledger = ledger;
        }

        @Transactional
        public void deposit(String account) throws InterruptedException {
            this.ledger.increment(account);
            // More work of the caller before it commits: the window in which a lock released at the
            // method's return would let the next holder read the balance before this commit.
            Thread.sleep(50);
        }

        @Transactional
        public void depositTwice(String account) {
            this.ledger.increment(account);
            this.ledger.increment(account);
        }

        @Transactional
        public void depositThenFail(String account) {
            this.ledger.increment(account);
            throw new IllegalStateException("changed my mind");
        }
    }
}
