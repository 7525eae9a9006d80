/**
 * The public API: {@link io.distlock.LockTemplate}, {@link io.distlock.LockHandle},
 * {@link io.distlock.LockOptions}, listeners and exceptions.
 */
package io.distlock;
