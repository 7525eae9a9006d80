/**
 * The {@link io.distlock.annotation.DistributedLock @DistributedLock} annotation and
 * {@link io.distlock.annotation.DistributedLocks} for reading the current lock inside a locked
 * method.
 */
@NullMarked
package io.distlock.annotation;

import org.jspecify.annotations.NullMarked;
