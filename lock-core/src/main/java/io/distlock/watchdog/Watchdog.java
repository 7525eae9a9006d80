package io.distlock.watchdog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.distlock.LockListener.LostReason;
import io.distlock.spi.LockBackend;
import io.distlock.spi.LockBackend.Renewal;
import io.distlock.spi.LockBackend.RenewalOutcome;

/**
 * Renews every watched lock of one template, all of them in one round every {@code interval} (a
 * third of the lease), one backend call per {@linkplain LockBackend#renewalGroups group} (one
 * script call per batch, not one per lock), the groups concurrently. Renewal is owner-checked by
 * the backend, so a released or lost lock is never extended; each outcome goes to its own lock. A
 * lock is given up at {@code maxHold}; a lock whose renewals keep failing, or do not answer, is
 * lost once its lease has run out.
 */
public final class Watchdog implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(Watchdog.class);

    private final LockBackend backend;

    private final long intervalNanos;

    private final long maxHoldNanos;

    private final Set<WatchedLock> watched = ConcurrentHashMap.newKeySet();

    /** Locks past max-hold: no longer renewed, reported lost once their lease has run out. */
    private final Set<WatchedLock> retired = ConcurrentHashMap.newKeySet();

    /** Locks whose renewal was sent and has not answered yet. */
    private final Set<WatchedLock> inFlight = ConcurrentHashMap.newKeySet();

    /** Runs the backend calls, one per group; a thread stuck on a dead node blocks nothing else. */
    private final ThreadPoolExecutor renewers;

    private final ReentrantLock startLock = new ReentrantLock();

    private volatile ScheduledExecutorService scheduler;

    private volatile long lastRoundNanos = System.nanoTime();

    private volatile boolean closed;

    /**
     * @param backend where to renew
     * @param interval how often to renew, a third of the lease by convention
     * @param maxHold how long a lock may be renewed at most
     */
    public Watchdog(LockBackend backend, Duration interval, Duration maxHold) {
        this.backend = backend;
        this.intervalNanos = interval.toNanos();
        this.maxHoldNanos = maxHold.toNanos();
        this.renewers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                (task) -> {
                    Thread thread = new Thread(task, "distlock-watchdog-renewal");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Starts renewing {@code lock} (the scheduler thread is started on first use). */
    public void watch(WatchedLock lock) {
        if (this.closed) {
            return;
        }
        this.watched.add(lock);
        if (this.scheduler == null) {
            start();
        }
    }

    /** Stops renewing {@code lock}. */
    public void unwatch(WatchedLock lock) {
        this.watched.remove(lock);
        this.retired.remove(lock);
    }

    /** How many locks are being renewed now. */
    public int watchedCount() {
        return this.watched.size();
    }

    /** The renewal interval. */
    public Duration interval() {
        return Duration.ofNanos(this.intervalNanos);
    }

    /**
     * How late the watchdog is: zero while every watched lock was renewed within its interval,
     * else how long past it the most overdue lock, or the last round, is. A lock counts as overdue
     * while its renewal fails or has not answered (its store is down or frozen), even though the
     * rounds themselves keep their schedule. Always zero while nothing is watched.
     */
    public Duration lag() {
        long now = System.nanoTime();
        long overdue = Long.MIN_VALUE;
        for (WatchedLock lock : this.watched) {
            // Renewed (or acquired) at expiresAt - lease, so next due an interval after that.
            long dueAt = lock.expiresAtNanos() - TimeUnit.MILLISECONDS.toNanos(lock.renewal().leaseMillis())
                    + this.intervalNanos;
            overdue = Math.max(overdue, now - dueAt);
        }
        if (overdue == Long.MIN_VALUE) {
            return Duration.ZERO;
        }
        overdue = Math.max(overdue, now - this.lastRoundNanos - this.intervalNanos);
        return Duration.ofNanos(Math.max(0, overdue));
    }

    private void start() {
        this.startLock.lock();
        try {
            if (this.scheduler == null && !this.closed) {
                ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
                    Thread thread = new Thread(task, "distlock-watchdog");
                    thread.setDaemon(true);
                    return thread;
                });
                this.lastRoundNanos = System.nanoTime();
                scheduler.scheduleWithFixedDelay(this::renewSafely, this.intervalNanos, this.intervalNanos,
                        TimeUnit.NANOSECONDS);
                this.scheduler = scheduler;
            }
        }
        finally {
            this.startLock.unlock();
        }
    }

    private void renewSafely() {
        try {
            renewAll();
        }
        catch (Throwable ex) {
            logger.error("Watchdog round failed", ex);
        }
    }

    /**
     * One renewal round over every watched lock. Runs on the scheduler thread and only hands the
     * renewals out: each group of the backend (one per Cluster master) is renewed on a thread of
     * its own, so a dead or slow node, even one that answers only after a command timeout longer
     * than the lease, delays no other group and no later round. A lock whose previous renewal
     * has not answered yet is skipped, and lost once its lease has run out.
     */
    void renewAll() {
        long now = System.nanoTime();
        this.lastRoundNanos = now;
        List<WatchedLock> due = new ArrayList<>(this.watched.size());
        for (WatchedLock lock : this.watched) {
            if (!lock.isActive()) {
                this.watched.remove(lock);
            }
            else if (now - lock.acquiredAtNanos() >= this.maxHoldNanos) {
                this.watched.remove(lock);
                this.retired.add(lock);
                logger.warn("Lock " + lock.renewal().storeKey() + " held longer than the watchdog's max-hold of "
                        + Duration.ofNanos(this.maxHoldNanos) + "; no longer renewed");
            }
            else if (this.inFlight.contains(lock)) {
                if (now - lock.expiresAtNanos() >= 0) {
                    this.watched.remove(lock);
                    lock.lost(LostReason.RENEWAL_FAILED);
                }
            }
            else {
                due.add(lock);
            }
        }
        expireRetired(now);
        if (due.isEmpty()) {
            return;
        }
        Map<Renewal, WatchedLock> locks = new IdentityHashMap<>(due.size());
        List<Renewal> renewals = new ArrayList<>(due.size());
        for (WatchedLock lock : due) {
            Renewal renewal = lock.renewal();
            locks.put(renewal, lock);
            renewals.add(renewal);
        }
        List<List<Renewal>> groups;
        try {
            groups = this.backend.renewalGroups(renewals);
        }
        catch (RuntimeException ex) {
            logger.debug("Could not group renewals; renewing them together", ex);
            groups = List.of(renewals);
        }
        for (List<Renewal> group : groups) {
            List<WatchedLock> groupLocks = new ArrayList<>(group.size());
            group.forEach((renewal) -> groupLocks.add(locks.get(renewal)));
            this.inFlight.addAll(groupLocks);
            try {
                this.renewers.execute(() -> renew(group, groupLocks, now));
            }
            catch (RejectedExecutionException ex) {
                this.inFlight.removeAll(groupLocks);
                return;
            }
        }
    }

    /** Renews one group and reports each outcome to its own lock. Runs on a renewer thread. */
    private void renew(List<Renewal> group, List<WatchedLock> locks, long sentAtNanos) {
        try {
            List<RenewalOutcome> outcomes;
            try {
                outcomes = this.backend.renew(group);
                if (outcomes.size() != group.size()) {
                    throw new IllegalStateException(this.backend + " answered " + outcomes.size() + " outcomes to "
                            + group.size() + " renewals");
                }
            }
            catch (RuntimeException ex) {
                outcomes = Collections.nCopies(group.size(), RenewalOutcome.failed(ex));
            }
            for (int i = 0; i < locks.size(); i++) {
                report(locks.get(i), outcomes.get(i), sentAtNanos);
            }
        }
        finally {
            this.inFlight.removeAll(locks);
        }
    }

    private void report(WatchedLock lock, RenewalOutcome outcome, long sentAtNanos) {
        if (this.closed) {
            return;
        }
        switch (outcome.status()) {
            case RENEWED -> lock.renewed(sentAtNanos);
            case NOT_OWNED -> {
                this.watched.remove(lock);
                lock.lost(LostReason.NOT_OWNED);
            }
            case FAILED -> {
                if (System.nanoTime() - lock.expiresAtNanos() >= 0) {
                    this.watched.remove(lock);
                    lock.lost(LostReason.RENEWAL_FAILED);
                }
                else {
                    lock.renewalFailed(outcome.error());
                }
            }
        }
    }

    private void expireRetired(long now) {
        for (WatchedLock lock : this.retired) {
            if (!lock.isActive()) {
                this.retired.remove(lock);
            }
            else if (now - lock.expiresAtNanos() >= 0) {
                this.retired.remove(lock);
                lock.lost(LostReason.MAX_HOLD_EXCEEDED);
            }
        }
    }

    /**
     * Stops renewing without waiting: the scheduler thread ends, and renewals under way are
     * interrupted (their outcomes are no longer reported).
     */
    @Override
    public void close() {
        this.startLock.lock();
        try {
            this.closed = true;
            if (this.scheduler != null) {
                this.scheduler.shutdownNow();
            }
            this.renewers.shutdownNow();
            this.watched.clear();
            this.retired.clear();
        }
        finally {
            this.startLock.unlock();
        }
    }
}
