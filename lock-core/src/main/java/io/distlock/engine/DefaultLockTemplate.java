package io.distlock.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.distlock.HeldLockInfo;
import io.distlock.LockAcquisitionException;
import io.distlock.LockCallback;
import io.distlock.LockHandle;
import io.distlock.LockListener;
import io.distlock.LockListener.LostReason;
import io.distlock.LockOptions;
import io.distlock.LockTemplate;
import io.distlock.LockUnavailableException;
import io.distlock.spi.LockBackend;
import io.distlock.spi.LockBackend.AcquireResult;
import io.distlock.watchdog.Watchdog;

/**
 * The lock engine over a {@link LockBackend}: argument checks, per-thread re-entrancy,
 * waiting woken by release notifications, the watchdog, listeners and shutdown.
 * <p>
 * An uncontended acquire and release are one backend call each. A waiter registers locally,
 * makes sure the template's one release subscription is active, and sleeps until a release
 * wakes it or until the holder's lease would have run out (the fallback when a notification is
 * missed or the holder died), never polling blindly.
 */
public final class DefaultLockTemplate implements LockTemplate, AutoCloseable {

    private static final Log logger = LogFactory.getLog(DefaultLockTemplate.class);

    /** Retry interval for a key that exists without an expiry (not one of ours). */
    private static final long NO_TTL_RETRY_NANOS = Duration.ofMillis(500).toNanos();

    /** How often a release broken off by interrupts is sent again before it is left to expire. */
    private static final int MAX_INTERRUPTED_RELEASES = 5;

    /** The longest a waiter waits for the release subscription before relying on timed retries. */
    private static final long SUBSCRIBE_WAIT_NANOS = Duration.ofSeconds(2).toNanos();

    /** Threads that release the held locks at shutdown; one blocked on a dead node holds up no other. */
    private static final int SHUTDOWN_THREADS = 8;

    private final LockBackend backend;

    private final LockOptions defaultOptions;

    private final long watchdogLeaseMillis;

    private final Watchdog watchdog;

    private final Listeners listeners = new Listeners();

    private final WaitQueues waitQueues = new WaitQueues();

    /** The outermost holds by store key; re-entrant holds share them. */
    private final ConcurrentHashMap<String, HeldLock> held = new ConcurrentHashMap<>();

    private volatile boolean closed;

    private final AtomicBoolean closing = new AtomicBoolean();

    private final CompletableFuture<Void> closeDone = new CompletableFuture<>();

    private final long shutdownTimeoutNanos;

    private DefaultLockTemplate(Builder builder) {
        this.backend = builder.backend;
        this.defaultOptions = LockOptions.builder().waitTime(builder.defaultWaitTime).build();
        this.watchdogLeaseMillis = builder.leaseTime.toMillis();
        this.watchdog = new Watchdog(builder.backend, builder.leaseTime.dividedBy(3), builder.maxHold);
        this.shutdownTimeoutNanos = builder.shutdownTimeout.toNanos();
        builder.listeners.forEach(this.listeners::add);
    }

    /** A builder for a template over {@code backend}. */
    public static Builder builder(LockBackend backend) {
        return new Builder(backend);
    }

    @Override
    public <T> T execute(String key, LockOptions options, LockCallback<T> action) {
        Objects.requireNonNull(action, "action must not be null");
        LockHandle lock = tryLock(key, options).orElseThrow(() -> new LockAcquisitionException(key, options.waitTime()));
        try {
            return action.doInLock(lock);
        }
        finally {
            lock.close();
        }
    }

    @Override
    public <T> T execute(String key, LockCallback<T> action) {
        return execute(key, this.defaultOptions, action);
    }

    @Override
    public Optional<LockHandle> tryLock(String key, LockOptions options) {
        checkKey(key);
        Objects.requireNonNull(options, "options must not be null");
        try {
            return Optional.ofNullable(acquire(key, options, nanos(options.waitTime()), true));
        }
        catch (InterruptedException ex) {
            throw interrupted(key, options.waitTime(), ex);
        }
    }

    @Override
    public Optional<List<LockHandle>> tryLockAll(Collection<String> keys, LockOptions options) {
        Objects.requireNonNull(keys, "keys must not be null");
        Objects.requireNonNull(options, "options must not be null");
        keys.forEach(DefaultLockTemplate::checkKey);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys must not be empty");
        }
        long waitNanos = nanos(options.waitTime());
        long start = System.nanoTime();
        List<LockHandle> taken = new ArrayList<>(keys.size());
        String current = null;
        try {
            for (String key : new TreeSet<>(keys)) {
                current = key;
                long remaining = Math.max(0, waitNanos - (System.nanoTime() - start));
                LockHandle lock = acquire(key, options, remaining, true);
                if (lock == null) {
                    closeAll(taken);
                    return Optional.empty();
                }
                taken.add(lock);
            }
            return Optional.of(List.copyOf(taken));
        }
        catch (InterruptedException ex) {
            closeAll(taken);
            throw interrupted(current, options.waitTime(), ex);
        }
        catch (RuntimeException | Error ex) {
            closeAll(taken);
            throw ex;
        }
    }

    private static void closeAll(List<LockHandle> locks) {
        for (int i = locks.size() - 1; i >= 0; i--) {
            locks.get(i).close();
        }
    }

    @Override
    public Lock asLock(String key) {
        checkKey(key);
        return new LockView(this, key);
    }

    @Override
    public void addListener(LockListener listener) {
        this.listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    @Override
    public void removeListener(LockListener listener) {
        this.listeners.remove(listener);
    }

    @Override
    public List<HeldLockInfo> heldLocks() {
        List<HeldLockInfo> infos = new ArrayList<>();
        for (HeldLock lock : this.held.values()) {
            if (lock.isActive()) {
                infos.add(lock.info());
            }
        }
        return infos;
    }

    /** The watchdog, for health checks: how many locks it renews and whether it keeps up. */
    public Watchdog watchdog() {
        return this.watchdog;
    }

    /**
     * Acquires one lock: re-enters a hold of this thread, else tries, then waits.
     * @return the hold, or {@code null} when the wait ran out
     */
    Hold acquire(String key, LockOptions options, long waitNanos, boolean interruptible) throws InterruptedException {
        ensureOpen();
        String storeKey = this.backend.storeKey(key);
        HeldLock existing = this.held.get(storeKey);
        if (existing != null && existing.isHeldBy(Thread.currentThread()) && existing.tryEnter()) {
            return new Hold(existing);
        }
        boolean watchdog = options.leaseTime() == null;
        long leaseMillis = watchdog ? this.watchdogLeaseMillis : options.leaseTime().toMillis();
        Attempt attempt = new Attempt(storeKey, leaseMillis, interruptible);
        long start = System.nanoTime();
        try {
            AcquireResult result = attempt.run();
            if (!result.acquired() && waitNanos > 0) {
                result = await(attempt, start, waitNanos);
            }
            if (!result.acquired()) {
                this.listeners.acquireFailed(options.name(), key, since(start), null);
                return null;
            }
            HeldLock lock = new HeldLock(this, key, storeKey, options.name(), attempt.owner, result.fencingToken(),
                    leaseMillis, watchdog, options.minHoldTime(), attempt.sentAtNanos);
            return register(lock, since(start));
        }
        catch (LockUnavailableException ex) {
            this.listeners.acquireFailed(options.name(), key, since(start), ex);
            throw ex;
        }
        finally {
            attempt.restoreInterrupt();
        }
    }

    private AcquireResult await(Attempt attempt, long start, long waitNanos) throws InterruptedException {
        Waiter waiter = this.waitQueues.join(attempt.storeKey);
        boolean acquired = false;
        try {
            long remaining = waitNanos - (System.nanoTime() - start);
            this.backend.listenForReleases(attempt.storeKey, this::releasedElsewhere,
                    Duration.ofNanos(Math.max(0, Math.min(remaining, SUBSCRIBE_WAIT_NANOS))));
            while (true) {
                ensureOpen();
                AcquireResult result = attempt.run();
                remaining = waitNanos - (System.nanoTime() - start);
                if (result.acquired() || remaining <= 0) {
                    acquired = result.acquired();
                    return result;
                }
                long holderTtl = result.holderTtlMillis();
                long pause = (holderTtl >= 0) ? Duration.ofMillis(holderTtl + 1).toNanos() : NO_TTL_RETRY_NANOS;
                attempt.await(waiter, Math.min(remaining, pause));
            }
        }
        finally {
            // One that gives up hands on: a release notification wakes one waiter per instance,
            // and the next one must learn of what it saw (a lock kept only for its minimum hold).
            this.waitQueues.leave(attempt.storeKey, waiter, !acquired);
        }
    }

    private Hold register(HeldLock lock, Duration waited) {
        this.held.put(lock.storeKey(), lock);
        if (lock.isWatchdog()) {
            this.watchdog.watch(lock);
        }
        Hold hold = new Hold(lock, true);
        this.listeners.acquired(hold, waited);
        if (this.closed) {
            hold.close();
            throw closedException();
        }
        return hold;
    }

    /** A release notification from another process: wake one local waiter of that lock. */
    private void releasedElsewhere(String storeKey) {
        this.waitQueues.signalOne(storeKey);
    }

    /**
     * Releases {@code lock} in the store; called when its last hold ends, and for every lock when
     * the template closes. Each hold is reported released exactly once, whichever comes first.
     */
    void release(HeldLock lock) {
        this.held.remove(lock.storeKey(), lock);
        if (!lock.markReleased()) {
            if (lock.markLostEnded()) {
                this.listeners.released(new Hold(lock), lock.heldFor(), false);
            }
            return;
        }
        this.watchdog.unwatch(lock);
        long keepMillis = lock.remainingMinHoldMillis();
        boolean owned = false;
        try {
            owned = releaseInStore(lock.storeKey(), lock.owner(), keepMillis);
        }
        catch (LockUnavailableException ex) {
            logger.warn("Could not release lock '" + lock.storeKey() + "'; it expires with its lease", ex);
        }
        if (owned && keepMillis == 0) {
            this.waitQueues.signalOne(lock.storeKey());
        }
        else if (owned) {
            // Kept for its minimum hold: every waiter re-reads the now short expiry and times its
            // next try to it, instead of sleeping on the long lease it saw before.
            this.waitQueues.signalAll(lock.storeKey());
        }
        this.listeners.released(new Hold(lock), lock.heldFor(), owned);
    }

    /**
     * An owner-checked release that an interrupt does not cut short: the interrupt status is
     * cleared for the call and restored afterwards, and a call that an interrupt arriving meanwhile
     * broke off is sent again (releasing by owner twice is harmless). Otherwise an interrupted
     * thread, such as one returning from {@link Lock#lock()}, would leave its lock behind. Not
     * once the template is closing: then an interrupt is {@link #close()} giving up on a release
     * that missed its deadline, and the lock expires with its lease.
     */
    private boolean releaseInStore(String storeKey, String owner, long keepMillis) {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1;; attempt++) {
                try {
                    return this.backend.release(storeKey, owner, keepMillis);
                }
                catch (LockUnavailableException ex) {
                    if (!Thread.interrupted() || attempt >= MAX_INTERRUPTED_RELEASES || this.closed) {
                        throw ex;
                    }
                    interrupted = true;
                }
            }
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Called once when {@code lock} is found lost. */
    void lost(HeldLock lock, LostReason reason) {
        this.watchdog.unwatch(lock);
        logger.warn("Lock '" + lock.storeKey() + "' (" + lock.name() + ", token " + lock.fencingToken()
                + ") was lost: " + reason);
        this.listeners.lost(new Hold(lock), reason);
    }

    LockBackend backend() {
        return this.backend;
    }

    Listeners listeners() {
        return this.listeners;
    }

    /** The outermost hold of {@code key} by the current thread, or {@code null}. */
    HeldLock heldByCurrentThread(String key) {
        HeldLock lock = this.held.get(this.backend.storeKey(key));
        return (lock != null && lock.isHeldBy(Thread.currentThread())) ? lock : null;
    }

    /**
     * Releases every lock this template holds, at once (other processes can take them, and their
     * waiters are woken), wakes every local waiter with an exception, then stops the watchdog and
     * the backend (release subscription, threads). Returns within about twice the
     * {@linkplain Builder#shutdownTimeout(Duration) shutdown timeout}, whatever state the store is
     * in: the releases run concurrently under that one deadline, and a lock not released by then
     * (its store is dead or slow) is given up locally and expires with its lease in the store. The
     * one shutdown entry point: idempotent, and safe to call from several threads (a second caller
     * waits for the first, within the same bound).
     */
    @Override
    public void close() {
        if (!this.closing.compareAndSet(false, true)) {
            awaitClosed();
            return;
        }
        try {
            this.closed = true;
            this.waitQueues.signalAll();
            ExecutorService shutdown = Executors.newFixedThreadPool(SHUTDOWN_THREADS, (task) -> {
                Thread thread = new Thread(task, "distlock-shutdown");
                thread.setDaemon(true);
                return thread;
            });
            try {
                long deadline = System.nanoTime() + this.shutdownTimeoutNanos;
                releaseAll(shutdown, deadline);
                this.watchdog.close();
                closeBackend(shutdown, System.nanoTime() + this.shutdownTimeoutNanos);
            }
            finally {
                shutdown.shutdownNow();
            }
        }
        finally {
            this.closeDone.complete(null);
        }
    }

    /** Releases every held lock concurrently; what is not released by {@code deadline} is given up. */
    private void releaseAll(ExecutorService shutdown, long deadline) {
        List<HeldLock> locks = new ArrayList<>(this.held.values());
        List<Future<?>> releases = new ArrayList<>(locks.size());
        for (HeldLock lock : locks) {
            releases.add(shutdown.submit(() -> release(lock)));
        }
        int givenUp = 0;
        for (int i = 0; i < locks.size(); i++) {
            if (!await(releases.get(i), deadline)) {
                releases.get(i).cancel(true);
                HeldLock lock = locks.get(i);
                this.held.remove(lock.storeKey(), lock);
                if (lock.markReleased()) {
                    this.listeners.released(new Hold(lock), lock.heldFor(), false);
                }
                givenUp++;
            }
        }
        if (givenUp > 0) {
            logger.warn(givenUp + " lock(s) not released within the shutdown timeout of "
                    + Duration.ofNanos(this.shutdownTimeoutNanos) + "; they expire with their lease");
        }
    }

    private void closeBackend(ExecutorService shutdown, long deadline) {
        Future<?> closing = shutdown.submit(this.backend::close);
        if (!await(closing, deadline)) {
            logger.warn("The lock backend did not close within " + Duration.ofNanos(this.shutdownTimeoutNanos));
            closing.cancel(true);
        }
    }

    /** Whether {@code task} finished (in any way) by {@code deadline}. */
    private static boolean await(Future<?> task, long deadline) {
        try {
            task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (ExecutionException | CancellationException ex) {
            return true;
        }
        catch (TimeoutException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitClosed() {
        try {
            this.closeDone.get(2 * this.shutdownTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException | TimeoutException ex) {
            // Bounded like the first caller; nothing more to do.
        }
    }

    private void ensureOpen() {
        if (this.closed) {
            throw closedException();
        }
    }

    private static LockUnavailableException closedException() {
        return new LockUnavailableException("The LockTemplate is closed (application shutting down)");
    }

    private static LockAcquisitionException interrupted(String key, Duration waitTime, InterruptedException ex) {
        Thread.currentThread().interrupt();
        return new LockAcquisitionException("Interrupted while waiting for lock '" + key + "'", key, waitTime, ex);
    }

    static void checkKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("Lock key must not be null or blank");
        }
    }

    static void checkLease(Duration lease) {
        if (lease == null || lease.isZero() || lease.isNegative()) {
            throw new IllegalArgumentException("Lease must be positive: " + lease);
        }
    }

    /** {@link LockHandle#extend(Duration)}: Redis expiries are whole milliseconds, and 0 would delete the lock. */
    static void checkExtension(Duration lease) {
        if (lease == null || lease.toNanos() < 1_000_000) {
            throw new IllegalArgumentException("extend(lease): the lease must be at least 1 ms: " + lease);
        }
    }

    static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        }
        catch (ArithmeticException ex) {
            return Long.MAX_VALUE;
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * The store calls of one acquisition. Each try gets a fresh owner id, so that nothing a
     * backend does late for an earlier try (Redlock undoes slow grants asynchronously) can touch
     * the lock a later try took. When a call fails or is interrupted after it may have reached
     * the store, the lock may have been taken without us learning it: an owner-checked release
     * undoes that, so nothing is left behind.
     */
    private final class Attempt {

        private final String storeKey;

        private final long leaseMillis;

        private String owner;

        private final boolean interruptible;

        private boolean interruptedMeanwhile;

        private long sentAtNanos;

        Attempt(String storeKey, long leaseMillis, boolean interruptible) {
            this.storeKey = storeKey;
            this.leaseMillis = leaseMillis;
            this.interruptible = interruptible;
        }

        /**
         * One try, with a fresh owner id. An interrupt during the store call undoes what the call
         * may have done; then an interruptible attempt throws, and an uninterruptible one
         * ({@link Lock#lock()}) notes the interrupt and tries again.
         */
        AcquireResult run() throws InterruptedException {
            while (true) {
                if (Thread.interrupted()) {
                    if (this.interruptible) {
                        throw new InterruptedException();
                    }
                    this.interruptedMeanwhile = true;
                }
                this.owner = UUID.randomUUID().toString();
                this.sentAtNanos = System.nanoTime();
                try {
                    return DefaultLockTemplate.this.backend.tryAcquire(this.storeKey, this.owner, this.leaseMillis);
                }
                catch (RuntimeException ex) {
                    boolean interrupted = Thread.interrupted();
                    undo();
                    if (!interrupted) {
                        throw (ex instanceof LockUnavailableException) ? ex
                                : new LockUnavailableException("Could not acquire lock '" + this.storeKey + "'", ex);
                    }
                    if (this.interruptible) {
                        InterruptedException interruption = new InterruptedException();
                        interruption.initCause(ex);
                        throw interruption;
                    }
                    this.interruptedMeanwhile = true;
                }
            }
        }

        /** Sleeps until signalled or {@code nanos} have passed; uninterruptible attempts sleep through interrupts. */
        void await(Waiter waiter, long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            while (true) {
                try {
                    waiter.await(deadline - System.nanoTime());
                    return;
                }
                catch (InterruptedException ex) {
                    if (this.interruptible) {
                        throw ex;
                    }
                    this.interruptedMeanwhile = true;
                    if (deadline - System.nanoTime() <= 0) {
                        return;
                    }
                }
            }
        }

        private void undo() {
            try {
                releaseInStore(this.storeKey, this.owner, 0);
            }
            catch (RuntimeException ex) {
                logger.debug("Could not undo a failed acquisition of '" + this.storeKey
                        + "'; if it was taken, it expires with its lease", ex);
            }
        }

        void restoreInterrupt() {
            if (this.interruptedMeanwhile) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Builds a {@link DefaultLockTemplate}.
     */
    public static final class Builder {

        private final LockBackend backend;

        private Duration defaultWaitTime = Duration.ofSeconds(5);

        private Duration leaseTime = Duration.ofSeconds(30);

        private Duration maxHold = Duration.ofHours(1);

        private Duration shutdownTimeout = Duration.ofSeconds(2);

        private final List<LockListener> listeners = new ArrayList<>();

        private Builder(LockBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend must not be null");
        }

        /** The wait of {@link #execute(String, LockCallback)} (default 5 s). */
        public Builder defaultWaitTime(Duration defaultWaitTime) {
            if (defaultWaitTime == null || defaultWaitTime.isNegative()) {
                throw new IllegalArgumentException("defaultWaitTime must not be negative: " + defaultWaitTime);
            }
            this.defaultWaitTime = defaultWaitTime;
            return this;
        }

        /** The watchdog-renewed lease (default 30 s); renewed every third of it. */
        public Builder leaseTime(Duration leaseTime) {
            if (leaseTime == null || leaseTime.toMillis() < 3) {
                throw new IllegalArgumentException("leaseTime must be at least 3ms: " + leaseTime);
            }
            this.leaseTime = leaseTime;
            return this;
        }

        /** How long the watchdog renews one lock at most (default 1 h). */
        public Builder maxHold(Duration maxHold) {
            checkLease(maxHold);
            this.maxHold = maxHold;
            return this;
        }

        /**
         * How long {@link DefaultLockTemplate#close()} tries to release the held locks (all at
         * once), and then again to stop the backend (default 2 s). A lock not released in time,
         * because its Redis node is dead or slow, is given up: it stays in Redis until its lease
         * runs out.
         */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            if (shutdownTimeout == null || shutdownTimeout.isZero() || shutdownTimeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must be positive: " + shutdownTimeout);
            }
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /** Adds a listener. */
        public Builder listener(LockListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        public DefaultLockTemplate build() {
            return new DefaultLockTemplate(this);
        }
    }
}
