package io.distlock.watchdog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.distlock.LockListener.LostReason;
import io.distlock.spi.LockBackend;
import io.distlock.spi.LockBackend.Renewal;

/**
 * Renews every watched lock of one template from one scheduler thread, all of them in one
 * round (one script call per batch, not one per lock), every {@code interval} (a third of the
 * lease). Renewal is owner-checked by the backend, so a released or lost lock is never
 * extended. A lock is given up at {@code maxHold}; a lock whose renewals keep failing with
 * errors is lost once its lease has run out.
 */
public final class Watchdog implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(Watchdog.class);

    private final LockBackend backend;

    private final long intervalNanos;

    private final long maxHoldNanos;

    private final Set<WatchedLock> watched = ConcurrentHashMap.newKeySet();

    /** Locks past max-hold: no longer renewed, reported lost once their lease has run out. */
    private final Set<WatchedLock> retired = ConcurrentHashMap.newKeySet();

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
     * How late the watchdog is: zero while its rounds run on time, else how long past its
     * interval the last round is. Always zero while nothing is watched.
     */
    public Duration lag() {
        if (this.watched.isEmpty()) {
            return Duration.ZERO;
        }
        long overdue = System.nanoTime() - this.lastRoundNanos - this.intervalNanos;
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

    /** One renewal round over every watched lock. Runs on the scheduler thread. */
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
            else {
                due.add(lock);
            }
        }
        expireRetired(now);
        if (due.isEmpty()) {
            return;
        }
        List<Renewal> renewals = new ArrayList<>(due.size());
        for (WatchedLock lock : due) {
            renewals.add(lock.renewal());
        }
        List<Boolean> owned;
        try {
            owned = this.backend.renew(renewals);
        }
        catch (RuntimeException ex) {
            renewalFailed(due, ex);
            return;
        }
        for (int i = 0; i < due.size(); i++) {
            WatchedLock lock = due.get(i);
            if (owned.get(i)) {
                lock.renewed(now);
            }
            else {
                this.watched.remove(lock);
                lock.lost(LostReason.NOT_OWNED);
            }
        }
    }

    private void renewalFailed(List<WatchedLock> due, RuntimeException ex) {
        long now = System.nanoTime();
        for (WatchedLock lock : due) {
            if (now - lock.expiresAtNanos() >= 0) {
                this.watched.remove(lock);
                lock.lost(LostReason.RENEWAL_FAILED);
            }
            else {
                lock.renewalFailed(ex);
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

    /** Stops renewing; the scheduler thread ends. */
    @Override
    public void close() {
        this.startLock.lock();
        try {
            this.closed = true;
            if (this.scheduler != null) {
                this.scheduler.shutdownNow();
            }
            this.watched.clear();
            this.retired.clear();
        }
        finally {
            this.startLock.unlock();
        }
    }
}
