package io.distlock.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Classic pub/sub: every release is published on one channel, and a backend has one
 * subscription to it, started on the first wait (nothing touches Redis before a lock is
 * needed). Used on standalone Redis and Sentinel, and on Cluster where sharded pub/sub is not
 * available (Redis before 7, or a client other than Lettuce), where a message reaches every node.
 */
final class ClassicReleaseChannel implements ReleaseChannel, MessageListener, SubscriptionListener {

    private static final Log logger = LogFactory.getLog(ClassicReleaseChannel.class);

    /** How long {@link #close()} waits for the subscription to stop. */
    private static final long STOP_WAIT_MILLIS = 1000;

    /** Pause between subscription attempts after the connection was lost. */
    private static final long RECOVERY_INTERVAL_MILLIS = 2000;

    private final RedisConnectionFactory connectionFactory;

    private final String channel;

    private final String backendId;

    private final ReentrantLock startLock = new ReentrantLock();

    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();

    private ScheduledThreadPoolExecutor executor;

    private volatile Consumer<String> onRelease;

    private volatile RedisMessageListenerContainer container;

    private volatile boolean closed;

    ClassicReleaseChannel(RedisConnectionFactory connectionFactory, String channel, String backendId) {
        this.connectionFactory = connectionFactory;
        this.channel = channel;
        this.backendId = backendId;
    }

    @Override
    public String publishCommand() {
        return "publish";
    }

    @Override
    public String channelFor(String lockKey) {
        return this.channel;
    }

    @Override
    public String messageFor(String lockKey) {
        return this.backendId + " " + lockKey;
    }

    @Override
    public boolean listen(String lockKey, Consumer<String> onRelease, Duration timeout) {
        if (this.container == null) {
            start(onRelease);
        }
        try {
            this.subscribed.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (TimeoutException | ExecutionException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Creates the container and starts it on the subscription thread: {@code start()} blocks until
     * subscribed, and against a dead server the container retries, so no caller waits for it and
     * no lock is held across it. Retries are scheduled on that executor rather than slept in a
     * thread that holds the container's own locks, so that {@link #close()} can stop it at any time.
     */
    private void start(Consumer<String> onRelease) {
        this.startLock.lock();
        try {
            if (this.container != null || this.closed) {
                return;
            }
            this.onRelease = onRelease;
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, (task) -> {
                Thread thread = new Thread(task, "distlock-subscription");
                thread.setDaemon(true);
                return thread;
            });
            executor.setKeepAliveTime(30, TimeUnit.SECONDS);
            executor.allowCoreThreadTimeOut(true);
            RedisMessageListenerContainer container = new RedisMessageListenerContainer();
            container.setConnectionFactory(this.connectionFactory);
            // Messages only wake waiters: handle them on the client's thread, no executor hop.
            container.setTaskExecutor(Runnable::run);
            // Blocking clients (Jedis) need a thread of their own for the subscription.
            container.setSubscriptionExecutor(executor);
            container.setRecoveryInterval(RECOVERY_INTERVAL_MILLIS);
            container.setBeanName("distlock-release-subscription");
            container.addMessageListener(this, new ChannelTopic(this.channel));
            container.afterPropertiesSet();
            this.container = container;
            this.executor = executor;
            executor.execute(() -> startContainer(container));
        }
        finally {
            this.startLock.unlock();
        }
    }

    private void startContainer(RedisMessageListenerContainer container) {
        try {
            container.start();
        }
        catch (RuntimeException ex) {
            // Not subscribed within its registration time (Redis down or slow): waiters fall back to
            // timed retries, and the next one to wait starts a new subscription.
            logger.debug("Release subscription not started", ex);
            ScheduledThreadPoolExecutor executor;
            this.startLock.lock();
            try {
                if (this.container != container) {
                    return;
                }
                this.container = null;
                executor = this.executor;
                this.executor = null;
            }
            finally {
                this.startLock.unlock();
            }
            stop(container, executor);
        }
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        String lockKey = ReleaseChannel.releasedKey(this.backendId, new String(message.getBody(), StandardCharsets.UTF_8));
        Consumer<String> onRelease = this.onRelease;
        if (lockKey != null && onRelease != null) {
            onRelease.accept(lockKey);
        }
    }

    @Override
    public void onChannelSubscribed(byte[] channel, long count) {
        this.subscribed.complete(null);
    }

    /**
     * Stops the subscription, waiting at most {@link #STOP_WAIT_MILLIS}: against a dead server
     * the container's unsubscribe may wait for the client's command timeout, so it runs on a
     * thread of its own, which is interrupted if it takes longer.
     */
    @Override
    public void close() {
        RedisMessageListenerContainer container;
        ScheduledThreadPoolExecutor executor;
        this.startLock.lock();
        try {
            this.closed = true;
            container = this.container;
            executor = this.executor;
            this.container = null;
            this.executor = null;
        }
        finally {
            this.startLock.unlock();
        }
        if (container == null) {
            return;
        }
        Thread stopper = new Thread(() -> stop(container, executor), "distlock-subscription-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(STOP_WAIT_MILLIS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            logger.debug("Release subscription did not stop within " + STOP_WAIT_MILLIS + "ms; interrupting it");
            stopper.interrupt();
            executor.shutdownNow();
        }
    }

    private static void stop(RedisMessageListenerContainer container, ScheduledThreadPoolExecutor executor) {
        try {
            container.destroy();
        }
        catch (Exception ex) {
            logger.debug("Error stopping the release subscription", ex);
        }
        finally {
            executor.shutdownNow();
        }
    }
}
