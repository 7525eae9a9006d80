/**
 * The {@code distributedLock} health contributor.
 */
@NullMarked
package io.distlock.actuate.health;

import org.jspecify.annotations.NullMarked;
