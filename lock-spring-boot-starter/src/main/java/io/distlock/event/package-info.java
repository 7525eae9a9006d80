/**
 * Spring application events about distributed locks, such as {@link io.distlock.event.LockLostEvent}.
 */
@NullMarked
package io.distlock.event;

import org.jspecify.annotations.NullMarked;
