/**
 * Auto-configuration of the {@code locks} Actuator endpoint, and its
 * {@code distributed-lock.endpoint} configuration properties.
 */
@NullMarked
package io.distlock.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
