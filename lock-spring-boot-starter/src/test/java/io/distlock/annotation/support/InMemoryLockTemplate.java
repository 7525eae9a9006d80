package io.distlock.annotation.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;

import io.distlock.HeldLockInfo;
import io.distlock.LockCallback;
import io.distlock.LockHandle;
import io.distlock.LockListener;
import io.distlock.LockOptions;
import io.distlock.LockTemplate;

/**
 * A process-local, non-re-entrant {@link LockTemplate} for testing the interceptor without Redis:
 * one semaphore per key, releasable from any thread, and a log of what happened.
 */
class InMemoryLockTemplate implements LockTemplate {

    private final Map<String, Semaphore> locks = new ConcurrentHashMap<>();

    private final AtomicLong tokens = new AtomicLong();

    /** "acquire:key" and "release:key" entries, in order. */
    final List<String> events = new CopyOnWriteArrayList<>();

    /** The options of every tryLock/tryLockAll call. */
    final List<LockOptions> options = new CopyOnWriteArrayList<>();

    boolean isLocked(String key) {
        Semaphore semaphore = this.locks.get(key);
        return semaphore != null && semaphore.availablePermits() == 0;
    }

    @Override
    public Optional<LockHandle> tryLock(String key, LockOptions options) {
        this.options.add(options);
        return Optional.ofNullable(acquire(key, options));
    }

    @Override
    public Optional<List<LockHandle>> tryLockAll(Collection<String> keys, LockOptions options) {
        this.options.add(options);
        List<LockHandle> taken = new ArrayList<>();
        for (String key : new TreeSet<>(keys)) {
            LockHandle handle = acquire(key, options);
            if (handle == null) {
                for (int i = taken.size() - 1; i >= 0; i--) {
                    taken.get(i).close();
                }
                return Optional.empty();
            }
            taken.add(handle);
        }
        return Optional.of(taken);
    }

    private LockHandle acquire(String key, LockOptions options) {
        Semaphore semaphore = this.locks.computeIfAbsent(key, (k) -> new Semaphore(1));
        try {
            if (!semaphore.tryAcquire(options.waitTime().toNanos(), TimeUnit.NANOSECONDS)) {
                return null;
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
        this.events.add("acquire:" + key);
        return new Handle(key, options.name(), this.tokens.incrementAndGet(), semaphore);
    }

    @Override
    public <T> T execute(String key, LockOptions options, LockCallback<T> action) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T execute(String key, LockCallback<T> action) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Lock asLock(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addListener(LockListener listener) {
    }

    @Override
    public void removeListener(LockListener listener) {
    }

    @Override
    public List<HeldLockInfo> heldLocks() {
        return List.of();
    }

    private final class Handle implements LockHandle {

        private final String key;

        private final String name;

        private final long token;

        private final Semaphore semaphore;

        private final AtomicBoolean held = new AtomicBoolean(true);

        Handle(String key, String name, long token, Semaphore semaphore) {
            this.key = key;
            this.name = name;
            this.token = token;
            this.semaphore = semaphore;
        }

        @Override
        public String key() {
            return this.key;
        }

        @Override
        public String name() {
            return this.name;
        }

        @Override
        public long fencingToken() {
            return this.token;
        }

        @Override
        public boolean isHeld() {
            return this.held.get();
        }

        @Override
        public boolean extend(Duration lease) {
            return isHeld();
        }

        @Override
        public void close() {
            if (this.held.compareAndSet(true, false)) {
                InMemoryLockTemplate.this.events.add("release:" + this.key);
                this.semaphore.release();
            }
        }
    }
}
