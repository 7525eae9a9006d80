package io.distlock.sample.config;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.distlock.LockHandle;
import io.distlock.annotation.DistributedLock;
import io.distlock.annotation.DistributedLocks;

/**
 * Changes the shop's settings one writer at a time, across all instances, under the lock
 * {@code config:global}. Each writer reads the newest revision number and writes the next one;
 * without the lock two writers would pick the same number. The fencing token of the hold is stored
 * with the revision, so a store that outlives a lost lock could refuse stale writers.
 */
@Service
public class ConfigService {

    private final ConfigRepository repository;

    /**
     * Creates the service.
     * @param repository the settings history
     */
    public ConfigService(ConfigRepository repository) {
        this.repository = repository;
    }

    /**
     * Changes a setting.
     * @param name the setting
     * @param value its new value
     * @return the revision written
     */
    @DistributedLock(name = "config", key = "'global'")
    @Transactional
    public ConfigRevision update(String name, String value) {
        if (name == null || name.isBlank() || value == null) {
            throw new IllegalArgumentException("A setting needs a name and a value");
        }
        long fencingToken = DistributedLocks.currentHandle().map(LockHandle::fencingToken)
            .orElseThrow(() -> new IllegalStateException("Not called through the locking proxy"));
        ConfigRevision revision = new ConfigRevision(repository.latestRevision() + 1, name, value, fencingToken,
                Instant.now());
        repository.insert(revision);
        return revision;
    }

    /**
     * The current settings: the newest value of each.
     * @return setting name to value
     */
    public Map<String, String> current() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (ConfigRevision revision : repository.history()) {
            settings.put(revision.name(), revision.value());
        }
        return settings;
    }

    /**
     * Every change, oldest first.
     * @return the history
     */
    public List<ConfigRevision> history() {
        return repository.history();
    }
}
