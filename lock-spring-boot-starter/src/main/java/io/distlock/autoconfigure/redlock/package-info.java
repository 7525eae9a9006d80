/**
 * Auto-configuration of Redlock over independent Redis masters.
 */
@NullMarked
package io.distlock.autoconfigure.redlock;

import org.jspecify.annotations.NullMarked;
