/**
 * The Actuator {@code locks} endpoint.
 */
@NullMarked
package io.distlock.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
