package io.distlock.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Closes the auto-configured lock template when the application shuts down, in a lifecycle phase
 * that stops after the web server's graceful shutdown (in-flight requests finish first and release
 * their own locks) and before the Redis connection factories, whose phase is 0. Closing releases
 * every lock still held and announces each release, so waiters in other instances take the locks at
 * once instead of after their leases; on destruction, the usual place, the connections would
 * already be stopped.
 * <p>
 * Stopping is for good: a template cannot be reopened, so a context that is stopped and started
 * again has a closed template. It is not stopped when the context only pauses.
 */
public class LockTemplateShutdownLifecycle implements SmartLifecycle {

    /**
     * The phase: below Spring Boot's web server graceful shutdown
     * ({@code SmartLifecycle.DEFAULT_PHASE - 1024}) and its web server stop
     * ({@code DEFAULT_PHASE - 2048}), above the Redis connection factories (0).
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Log logger = LogFactory.getLog(LockTemplateShutdownLifecycle.class);

    private final AutoCloseable lockTemplate;

    private volatile boolean running;

    /**
     * Creates the lifecycle.
     * @param lockTemplate the template to close on stop
     */
    public LockTemplateShutdownLifecycle(AutoCloseable lockTemplate) {
        this.lockTemplate = lockTemplate;
    }

    @Override
    public void start() {
        this.running = true;
    }

    @Override
    public void stop() {
        this.running = false;
        try {
            this.lockTemplate.close();
        }
        catch (Exception ex) {
            logger.warn("Could not close the lock template; the locks it held expire with their leases", ex);
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
