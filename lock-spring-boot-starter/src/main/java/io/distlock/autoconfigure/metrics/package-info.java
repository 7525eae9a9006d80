/**
 * Auto-configuration of distributed lock metrics.
 */
@NullMarked
package io.distlock.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
