/**
 * The machinery behind {@link io.distlock.annotation.DistributedLock @DistributedLock}: the
 * per-method definitions parsed and validated at start-up, the AOP advisor and interceptor, and
 * the restricted SpEL evaluation of lock keys.
 */
@NullMarked
package io.distlock.annotation.support;

import org.jspecify.annotations.NullMarked;
