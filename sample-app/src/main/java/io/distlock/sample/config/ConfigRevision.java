package io.distlock.sample.config;

import java.time.Instant;

/**
 * One change to the shop's settings.
 *
 * @param revision the revision number, one more than the one before
 * @param name the setting changed
 * @param value its new value
 * @param fencingToken the fencing token of the lock held while writing it; it rises with every
 * revision
 * @param updatedAt when it was written
 */
public record ConfigRevision(int revision, String name, String value, long fencingToken, Instant updatedAt) {
}
