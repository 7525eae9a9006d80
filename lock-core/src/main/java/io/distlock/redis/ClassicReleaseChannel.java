package io.distlock.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
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

    private final RedisConnectionFactory connectionFactory;

    private final String channel;

    private final String backendId;

    private final ReentrantLock startLock = new ReentrantLock();

    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();

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

    private void start(Consumer<String> onRelease) {
        this.startLock.lock();
        try {
            if (this.container != null || this.closed) {
                return;
            }
            this.onRelease = onRelease;
            RedisMessageListenerContainer container = new RedisMessageListenerContainer();
            container.setConnectionFactory(this.connectionFactory);
            // Messages only wake waiters: handle them on the client's thread, no executor hop.
            container.setTaskExecutor(Runnable::run);
            container.setSubscriptionExecutor(subscriptionExecutor());
            container.setBeanName("distlock-release-subscription");
            container.addMessageListener(this, new ChannelTopic(this.channel));
            container.afterPropertiesSet();
            this.container = container;
            container.start();
        }
        catch (RuntimeException ex) {
            // The container retries in the background; waiters fall back to timed retries.
            logger.debug("Release subscription not started yet", ex);
        }
        finally {
            this.startLock.unlock();
        }
    }

    /** Blocking clients (Jedis) need a thread of their own for the subscription. */
    private static Executor subscriptionExecutor() {
        return (task) -> {
            Thread thread = new Thread(task, "distlock-subscription");
            thread.setDaemon(true);
            thread.start();
        };
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

    @Override
    public void close() {
        this.startLock.lock();
        try {
            this.closed = true;
            RedisMessageListenerContainer container = this.container;
            if (container != null) {
                try {
                    container.destroy();
                }
                catch (Exception ex) {
                    logger.debug("Error stopping the release subscription", ex);
                }
            }
        }
        finally {
            this.startLock.unlock();
        }
    }
}
