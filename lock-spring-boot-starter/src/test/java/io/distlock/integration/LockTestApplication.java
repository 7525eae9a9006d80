package io.distlock.integration;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.distlock.LockHandle;
import io.distlock.annotation.DistributedLock;
import io.distlock.annotation.DistributedLocks;
import io.distlock.annotation.LockFailureAction;

/**
 * A Boot application with one bean per behaviour of the annotation, run against a real Redis.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ LockTestApplication.Counter.class, LockTestApplication.Inventory.class, LockTestApplication.Skipping.class,
        LockTestApplication.Transfers.class, LockTestApplication.Outer.class, LockTestApplication.Inner.class,
        LockTestApplication.Async.class, LockTestApplication.Reactive.class, LockTestApplication.Probe.class,
        LockTestApplication.Window.class, LockTestApplication.Placeholders.class, LockTestApplication.NullKey.class })
public class LockTestApplication {

    /** A counter whose increments lose updates unless they are mutually exclusive. */
    public static class Counter {

        private int value;

        @DistributedLock(key = "#key", waitTime = "30s")
        public void increment(String key) {
            int read = this.value;
            Thread.yield();
            this.value = read + 1;
        }

        public int value() {
            return this.value;
        }
    }

    /** Sells the last items of a product with a read-then-write in a transaction. */
    public static class Inventory {

        private final JdbcTemplate jdbc;

        private final List<Boolean> heldAtCommit = new CopyOnWriteArrayList<>();

        public Inventory(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        public void reset(long productId, int stock) {
            this.jdbc.execute("create table if not exists product (id bigint primary key, stock int not null)");
            this.jdbc.execute("create table if not exists purchase (id bigint auto_increment primary key, "
                    + "product_id bigint not null)");
            this.jdbc.update("delete from purchase");
            this.jdbc.update("merge into product key (id) values (?, ?)", productId, stock);
            this.heldAtCommit.clear();
        }

        @DistributedLock(key = "#productId", waitTime = "30s")
        @Transactional
        public boolean buy(long productId) {
            LockHandle lock = DistributedLocks.currentHandle().orElseThrow();
            int stock = this.jdbc.queryForObject("select stock from product where id = ?", Integer.class, productId);
            if (stock <= 0) {
                return false;
            }
            Thread.yield();
            this.jdbc.update("update product set stock = ? where id = ?", stock - 1, productId);
            this.jdbc.update("insert into purchase (product_id) values (?)", productId);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    Inventory.this.heldAtCommit.add(lock.isHeld());
                }
            });
            return true;
        }

        /** Whether the lock was still held when each transaction committed. */
        public List<Boolean> heldAtCommit() {
            return this.heldAtCommit;
        }

        public int stock(long productId) {
            return this.jdbc.queryForObject("select stock from product where id = ?", Integer.class, productId);
        }

        public int purchases(long productId) {
            return this.jdbc.queryForObject("select count(*) from purchase where product_id = ?", Integer.class,
                    productId);
        }
    }

    /** Each method is skipped while "shared:<key>" is held elsewhere. */
    public static class Skipping {

        private int calls;

        public int calls() {
            return this.calls;
        }

        @DistributedLock(key = "#key", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public void skipVoid(String key) {
            this.calls++;
        }

        @DistributedLock(key = "#key", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public Object skipObject(String key) {
            return ++this.calls;
        }

        @DistributedLock(key = "#key", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public Optional<String> skipOptional(String key) {
            return Optional.of(key + ++this.calls);
        }

        @DistributedLock(key = "#key", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public List<String> skipList(String key) {
            return List.of(key + ++this.calls);
        }

        @DistributedLock(key = "#key", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public CompletableFuture<List<String>> skipFuture(String key) {
            return CompletableFuture.completedFuture(List.of(key + ++this.calls));
        }

        @DistributedLock(key = "#key", name = "shared", waitTime = "0s")
        public void throwing(String key) {
            this.calls++;
        }
    }

    /** Two methods locking the same pair of keys in opposite orders. */
    public static class Transfers {

        private int moves;

        @DistributedLock(key = "{#from, #to}", name = "account", waitTime = "30s")
        public List<String> transfer(String from, String to) {
            int read = this.moves;
            Thread.yield();
            this.moves = read + 1;
            return DistributedLocks.currentHandles().stream().map(LockHandle::key).toList();
        }

        @DistributedLock(key = "{#to, #from}", name = "account", waitTime = "30s")
        public void refund(String from, String to) {
            int read = this.moves;
            Thread.yield();
            this.moves = read + 1;
        }

        public int moves() {
            return this.moves;
        }
    }

    /** Calls {@link Inner} under the same lock. */
    public static class Outer {

        private final Inner inner;

        public Outer(Inner inner) {
            this.inner = inner;
        }

        @DistributedLock(key = "#id", name = "order")
        public long[] process(String id) {
            long outerToken = DistributedLocks.currentHandle().orElseThrow().fencingToken();
            long innerToken = this.inner.update(id);
            long afterInner = DistributedLocks.currentHandle().orElseThrow().fencingToken();
            return new long[] { outerToken, innerToken, afterInner };
        }
    }

    /** Needs the lock its caller already holds; would fail at once if it did not re-enter. */
    public static class Inner {

        @DistributedLock(key = "#id", name = "order", waitTime = "0s")
        public long update(String id) {
            return DistributedLocks.currentHandle().orElseThrow().fencingToken();
        }
    }

    /** Holds "probe:<key>" until the given future completes. */
    public static class Async {

        @DistributedLock(key = "#key", name = "probe")
        public CompletableFuture<String> slow(String key, CompletableFuture<String> gate) {
            return gate.thenApply((value) -> value + "!");
        }
    }

    /** Holds "probe:<key>" until the given publisher completes, fails or is cancelled. */
    public static class Reactive {

        @DistributedLock(key = "#key", name = "probe")
        public Mono<String> mono(String key, Mono<String> source) {
            return source;
        }

        @DistributedLock(key = "#key", name = "probe")
        public Flux<Long> flux(String key, Flux<Long> source) {
            return source;
        }
    }

    /** TRUE when "probe:<key>" was free, null (skipped) when it is held. */
    public static class Probe {

        @DistributedLock(key = "#key", name = "probe", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public Boolean tryRun(String key) {
            return Boolean.TRUE;
        }
    }

    /** Runs at most once per window per key. */
    public static class Window {

        @DistributedLock(key = "#key", name = "window", waitTime = "0s", minHoldTime = "1500ms",
                onFailure = LockFailureAction.SKIP)
        public Boolean run(String key) {
            return Boolean.TRUE;
        }
    }

    /** Durations from the environment. */
    public static class Placeholders {

        private final StringRedisTemplate redis;

        public Placeholders(StringRedisTemplate redis) {
            this.redis = redis;
        }

        @DistributedLock(key = "#key", name = "placeholder", waitTime = "${test.lock.wait}",
                leaseTime = "${test.lock.lease}", onFailure = LockFailureAction.SKIP)
        public Long ttlOfOwnLock(String key) {
            return this.redis.getExpire("lock:placeholder:" + key, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    public static class NullKey {

        private int calls;

        public int calls() {
            return this.calls;
        }

        @DistributedLock(key = "#customer.id", name = "nullkey")
        public void run(Customer customer) {
            this.calls++;
        }
    }

    public record Customer(String id) {
    }
}
