/**
 * Auto-configuration of the {@code distributedLock} health contributor.
 */
@NullMarked
package io.distlock.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
