/**
 * Micrometer meters for distributed locks, fed by a {@link io.distlock.LockListener}.
 */
@NullMarked
package io.distlock.metrics;

import org.jspecify.annotations.NullMarked;
