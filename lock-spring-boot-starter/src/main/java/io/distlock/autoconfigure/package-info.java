/**
 * Spring Boot auto-configuration of distributed locks, and their {@code distributed-lock}
 * configuration properties.
 */
@NullMarked
package io.distlock.autoconfigure;

import org.jspecify.annotations.NullMarked;
