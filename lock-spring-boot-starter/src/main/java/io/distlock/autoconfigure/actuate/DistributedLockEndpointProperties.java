package io.distlock.autoconfigure.actuate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code locks} Actuator endpoint, under {@code distributed-lock.endpoint}.
 */
@ConfigurationProperties("distributed-lock.endpoint")
public class DistributedLockEndpointProperties {

    /**
     * Whether DELETE /actuator/locks/{key} may force-release a lock, whoever holds it. Dangerous:
     * the holder, here or in another instance, may still be inside its critical section while
     * the next caller enters it. Single Redis only: over Redlock the endpoint is read-only.
     */
    private boolean forceReleaseEnabled = false;

    public boolean isForceReleaseEnabled() {
        return this.forceReleaseEnabled;
    }

    public void setForceReleaseEnabled(boolean forceReleaseEnabled) {
        this.forceReleaseEnabled = forceReleaseEnabled;
    }
}
