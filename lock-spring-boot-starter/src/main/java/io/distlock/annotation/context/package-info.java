/**
 * The per-thread record of the locks held by the {@code @DistributedLock} calls running on a
 * thread, shared by the annotation's API and its interceptor.
 */
@NullMarked
package io.distlock.annotation.context;

import org.jspecify.annotations.NullMarked;
