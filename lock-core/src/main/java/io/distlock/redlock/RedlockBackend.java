package io.distlock.redlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

import io.distlock.LockUnavailableException;
import io.distlock.redis.RedisLockBackend;
import io.distlock.spi.LockBackend;

/**
 * The Redlock algorithm over several independent Redis masters: a lock is held when a
 * majority of them ({@code N/2+1}) granted it within its validity time.
 * <p>
 * <b>Acquire</b> runs on every node at once, each bounded by {@code nodeTimeout} (much smaller
 * than the lease). It succeeds when a majority granted the lock and the remaining validity,
 * {@code lease - elapsed - drift} with {@code drift = 1% of lease + 2 ms}, is positive;
 * otherwise it is released on every node and reported as held, with a random retry delay, so
 * the engine's wait loop retries within the wait time.
 * <p>
 * <b>Fencing tokens.</b> Each node issues a token from its own per-slot counter (never below
 * that node's clock in microseconds). The handle's token is the maximum over the granting
 * majority, and before the acquisition returns that maximum is written back (raised, never
 * lowered) to the counters of the granting nodes, a majority. Any later acquisition of the key
 * needs a majority too, and two majorities share at least one node, whose counter is then at
 * least the earlier token, so its token, and the maximum, is strictly greater. If the
 * write-back cannot reach a majority the acquisition is undone. This holds as long as a node
 * does not lose its counter and come back with a clock behind the tokens it issued; restart a
 * crashed node only after the longest lease has passed (the delayed restart of the Redlock
 * description), and run it with persistence if tokens must survive that too.
 * <p>
 * <b>Renewal</b> goes to every node at once, bounded by {@code nodeTimeout}: a lock a majority
 * renewed is renewed; a lock that so many nodes found gone or taken that no majority can hold it
 * is lost, as on a single Redis; anything else (dead or slow nodes) is a failed renewal, retried
 * until the lease runs out.
 * <b>Extension</b> must find the lock owned on a majority, or it counts as lost.
 * <b>Release</b> goes to every node.
 */
public final class RedlockBackend implements LockBackend {

    private static final long CLOSE_WAIT_SECONDS = 2;

    private final List<RedisLockBackend> nodes;

    private final int quorum;

    private final long nodeTimeoutNanos;

    private final ExecutorService executor;

    /** Nodes whose last renewal call has outlived the node timeout and not answered yet. */
    private final Set<RedisLockBackend> renewing = ConcurrentHashMap.newKeySet();

    /**
     * @param nodes one backend per independent master, all with the same key prefix; three or more
     * @param nodeTimeout how long one node may take to answer, much smaller than the lease
     */
    public RedlockBackend(List<RedisLockBackend> nodes, Duration nodeTimeout) {
        Objects.requireNonNull(nodes, "nodes must not be null");
        if (nodes.size() < 3) {
            throw new IllegalArgumentException("Redlock needs at least 3 independent masters, got " + nodes.size());
        }
        String prefix = nodes.get(0).keyPrefix();
        if (!nodes.stream().allMatch((node) -> node.keyPrefix().equals(prefix))) {
            throw new IllegalArgumentException("All Redlock nodes must use the same key prefix");
        }
        if (nodeTimeout == null || nodeTimeout.isZero() || nodeTimeout.isNegative()) {
            throw new IllegalArgumentException("nodeTimeout must be positive: " + nodeTimeout);
        }
        this.nodes = List.copyOf(nodes);
        this.quorum = nodes.size() / 2 + 1;
        this.nodeTimeoutNanos = nodeTimeout.toNanos();
        this.executor = Executors.newCachedThreadPool((task) -> {
            Thread thread = new Thread(task, "distlock-redlock");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** How many nodes must agree. */
    public int quorum() {
        return this.quorum;
    }

    @Override
    public String storeKey(String key) {
        return this.nodes.get(0).storeKey(key);
    }

    @Override
    public AcquireResult tryAcquire(String storeKey, String owner, long leaseMillis) {
        long start = System.nanoTime();
        List<CompletableFuture<AcquireResult>> calls = new ArrayList<>(this.nodes.size());
        for (RedisLockBackend node : this.nodes) {
            calls.add(CompletableFuture.supplyAsync(() -> node.tryAcquire(storeKey, owner, leaseMillis), this.executor));
        }
        awaitDecision(calls, start + this.nodeTimeoutNanos);
        List<RedisLockBackend> granted = new ArrayList<>();
        long token = 0;
        long holderTtl = -1;
        int unreachable = 0;
        Throwable failure = null;
        for (int i = 0; i < calls.size(); i++) {
            CompletableFuture<AcquireResult> call = calls.get(i);
            AcquireResult result = call.isDone() && !call.isCompletedExceptionally() ? call.join() : null;
            if (result == null) {
                Throwable error = failureOf(call);
                if (!(error instanceof TimeoutException)) {
                    unreachable++;
                    failure = (failure != null) ? failure : error;
                }
            }
            else if (result.acquired()) {
                granted.add(this.nodes.get(i));
                token = Math.max(token, result.fencingToken());
            }
            else {
                holderTtl = Math.max(holderTtl, result.holderTtlMillis());
            }
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long drift = leaseMillis / 100 + 2;
        if (granted.size() >= this.quorum && leaseMillis - elapsedMillis - drift > 0 && writeBack(granted, storeKey, token)) {
            return AcquireResult.acquired(token);
        }
        releaseEverywhere(storeKey, owner, calls);
        // Nodes that failed outright (not merely slow) make a majority impossible: say so.
        if (unreachable > this.nodes.size() - this.quorum) {
            throw new LockUnavailableException("Redlock could not reach a majority of " + this.nodes.size()
                    + " nodes for '" + storeKey + "'", failure);
        }
        // Held elsewhere: wait for its release notification or lease end. A split vote or slow
        // nodes: retry after a short random delay, so contenders do not collide again.
        return AcquireResult.held((holderTtl > 0) ? holderTtl : ThreadLocalRandom.current().nextLong(5, 50));
    }

    /**
     * Waits until every node answered or the node timeout passed, or until a majority can no
     * longer be reached. It does not stop at the first majority: the more nodes hold the lock, the
     * more node failures it survives (a bare majority loses exclusivity when one of its nodes
     * restarts empty before the lease ends).
     */
    private void awaitDecision(List<CompletableFuture<AcquireResult>> calls, long deadlineNanos) {
        while (true) {
            int refused = 0;
            List<CompletableFuture<AcquireResult>> pending = new ArrayList<>();
            for (CompletableFuture<AcquireResult> call : calls) {
                if (!call.isDone()) {
                    pending.add(call);
                }
                else if (call.isCompletedExceptionally() || !call.join().acquired()) {
                    refused++;
                }
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (pending.isEmpty() || refused > this.nodes.size() - this.quorum || remaining <= 0) {
                return;
            }
            try {
                CompletableFuture.anyOf(pending.toArray(new CompletableFuture<?>[0])).get(remaining, TimeUnit.NANOSECONDS);
            }
            catch (TimeoutException | ExecutionException ex) {
                // Decided on the next pass.
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Throwable failureOf(CompletableFuture<?> call) {
        if (!call.isDone()) {
            return new TimeoutException("node did not answer in time");
        }
        try {
            call.join();
            return null;
        }
        catch (RuntimeException ex) {
            return (ex.getCause() != null) ? ex.getCause() : ex;
        }
    }

    private boolean writeBack(List<RedisLockBackend> granted, String storeKey, long token) {
        List<NodeReply<Boolean>> replies = onNodes(granted, (node) -> {
            node.raiseFence(storeKey, token);
            return Boolean.TRUE;
        });
        return replies.stream().filter((reply) -> Boolean.TRUE.equals(reply.value())).count() >= this.quorum;
    }

    @Override
    public boolean release(String storeKey, String owner, long keepMillis) {
        return ownedOnMajority(onAllNodes((node) -> node.release(storeKey, owner, keepMillis)), "release", storeKey);
    }

    /**
     * Whether a majority of nodes answered that the owner-checked operation found the lock owned.
     * @throws LockUnavailableException when so many nodes failed that no majority could answer
     */
    private boolean ownedOnMajority(List<NodeReply<Boolean>> replies, String operation, String storeKey) {
        long owned = replies.stream().filter((reply) -> Boolean.TRUE.equals(reply.value())).count();
        if (owned < this.quorum && countFailures(replies) > this.nodes.size() - this.quorum) {
            throw new LockUnavailableException("Redlock could not reach a majority to " + operation + " '" + storeKey
                    + "'", firstFailure(replies));
        }
        return owned >= this.quorum;
    }

    /**
     * Undoes a failed acquisition on every node; where the acquire call is still under way, the
     * release follows it, so a late grant does not linger until its lease runs out.
     */
    private void releaseEverywhere(String storeKey, String owner, List<CompletableFuture<AcquireResult>> calls) {
        List<RedisLockBackend> answered = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            RedisLockBackend node = this.nodes.get(i);
            if (calls.get(i).isDone()) {
                answered.add(node);
            }
            else {
                calls.get(i).whenCompleteAsync((result, error) -> releaseQuietly(node, storeKey, owner), this.executor);
            }
        }
        onNodes(answered, (node) -> node.release(storeKey, owner, 0));
    }

    private static void releaseQuietly(RedisLockBackend node, String storeKey, String owner) {
        try {
            node.release(storeKey, owner, 0);
        }
        catch (RuntimeException ex) {
            // The node is unreachable; the grant, if any, expires with its lease.
        }
    }

    /** Extends on every node; the lock is still ours when a majority found it owned. */
    @Override
    public boolean extend(String storeKey, String owner, long leaseMillis) {
        return ownedOnMajority(onAllNodes((node) -> node.extend(storeKey, owner, leaseMillis)), "extend", storeKey);
    }

    /**
     * Renews on every node at once and waits at most the node timeout: a lock is renewed when a
     * majority renewed it, not owned when so many nodes found it gone that no majority can, and
     * failed otherwise (retried until its lease runs out). A node whose previous renewal has not
     * answered yet is not called again until it does, so a dead node ties up one thread, not one
     * per round.
     */
    @Override
    public List<RenewalOutcome> renew(List<Renewal> renewals) {
        long deadline = System.nanoTime() + this.nodeTimeoutNanos;
        List<CompletableFuture<List<RenewalOutcome>>> calls = new ArrayList<>(this.nodes.size());
        for (RedisLockBackend node : this.nodes) {
            if (this.renewing.contains(node)) {
                calls.add(CompletableFuture.failedFuture(
                        new LockUnavailableException("Redlock node " + node + " has not answered its previous renewal")));
                continue;
            }
            try {
                calls.add(CompletableFuture.supplyAsync(() -> node.renew(renewals), this.executor));
            }
            catch (RejectedExecutionException ex) {
                calls.add(CompletableFuture.failedFuture(new LockUnavailableException("Redlock is closed", ex)));
            }
        }
        try {
            CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).get(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException | ExecutionException ex) {
            // Decided below, node by node.
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        List<List<RenewalOutcome>> replies = new ArrayList<>(this.nodes.size());
        Throwable failure = null;
        for (int i = 0; i < calls.size(); i++) {
            CompletableFuture<List<RenewalOutcome>> call = calls.get(i);
            if (!call.isDone()) {
                RedisLockBackend node = this.nodes.get(i);
                this.renewing.add(node);
                call.whenComplete((outcomes, error) -> this.renewing.remove(node));
            }
            List<RenewalOutcome> outcomes = call.isDone() && !call.isCompletedExceptionally() ? call.join() : null;
            if (outcomes == null || outcomes.size() != renewals.size()) {
                failure = (failure != null) ? failure : failureOf(call);
                outcomes = null;
            }
            replies.add(outcomes);
        }
        List<RenewalOutcome> result = new ArrayList<>(renewals.size());
        for (int i = 0; i < renewals.size(); i++) {
            int renewed = 0;
            int notOwned = 0;
            Throwable error = failure;
            for (List<RenewalOutcome> outcomes : replies) {
                RenewalOutcome outcome = (outcomes != null) ? outcomes.get(i) : null;
                if (outcome != null && outcome.status() == RenewalOutcome.Status.RENEWED) {
                    renewed++;
                }
                else if (outcome != null && outcome.status() == RenewalOutcome.Status.NOT_OWNED) {
                    notOwned++;
                }
                else if (outcome != null && error == null) {
                    error = outcome.error();
                }
            }
            if (renewed >= this.quorum) {
                result.add(RenewalOutcome.renewed());
            }
            else if (notOwned > this.nodes.size() - this.quorum) {
                result.add(RenewalOutcome.notOwned());
            }
            else {
                result.add(RenewalOutcome.failed(new LockUnavailableException("Redlock could not renew '"
                        + renewals.get(i).storeKey() + "' on a majority of " + this.nodes.size() + " nodes", error)));
            }
        }
        return result;
    }

    @Override
    public boolean listenForReleases(String storeKey, Consumer<String> onRelease, Duration timeout) {
        List<NodeReply<Boolean>> replies = onAllNodes((node) -> node.listenForReleases(storeKey, onRelease, timeout),
                timeout.toNanos() + this.nodeTimeoutNanos);
        return replies.stream().filter((reply) -> Boolean.TRUE.equals(reply.value())).count() >= this.quorum;
    }

    /**
     * Closes every node at once (each within its own bound, see {@link RedisLockBackend#close()}),
     * waits for them a few seconds at most, then stops the threads, interrupting calls still
     * waiting for a dead node.
     */
    @Override
    public void close() {
        List<CompletableFuture<Void>> closing = new ArrayList<>(this.nodes.size());
        for (RedisLockBackend node : this.nodes) {
            try {
                closing.add(CompletableFuture.runAsync(node::close, this.executor));
            }
            catch (RejectedExecutionException ex) {
                return; // closed before
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        catch (TimeoutException | ExecutionException ex) {
            // Each node bounds its own close; what is left is interrupted below.
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            this.executor.shutdownNow();
        }
    }

    private <T> List<NodeReply<T>> onAllNodes(Function<RedisLockBackend, T> call) {
        return onNodes(this.nodes, call, this.nodeTimeoutNanos);
    }

    private <T> List<NodeReply<T>> onAllNodes(Function<RedisLockBackend, T> call, long timeoutNanos) {
        return onNodes(this.nodes, call, timeoutNanos);
    }

    private <T> List<NodeReply<T>> onNodes(List<RedisLockBackend> nodes, Function<RedisLockBackend, T> call) {
        return onNodes(nodes, call, this.nodeTimeoutNanos);
    }

    /** Calls every node at once and collects what answered within the timeout, in node order. */
    private <T> List<NodeReply<T>> onNodes(List<RedisLockBackend> nodes, Function<RedisLockBackend, T> call,
            long timeoutNanos) {
        List<CompletableFuture<T>> futures = new ArrayList<>(nodes.size());
        for (RedisLockBackend node : nodes) {
            futures.add(CompletableFuture.supplyAsync(() -> call.apply(node), this.executor)
                    .orTimeout(timeoutNanos, TimeUnit.NANOSECONDS));
        }
        List<NodeReply<T>> replies = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            try {
                replies.add(new NodeReply<>(nodes.get(i), futures.get(i).join(), null));
            }
            catch (RuntimeException ex) {
                replies.add(new NodeReply<>(nodes.get(i), null, (ex.getCause() != null) ? ex.getCause() : ex));
            }
        }
        return replies;
    }

    private static long countFailures(List<? extends NodeReply<?>> replies) {
        return replies.stream().filter((reply) -> reply.error() != null).count();
    }

    private static Throwable firstFailure(List<? extends NodeReply<?>> replies) {
        return replies.stream().map(NodeReply::error).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** One node's answer: a value, or the error (including a timeout) it failed with. */
    private record NodeReply<T>(RedisLockBackend node, T value, Throwable error) {
    }
}
