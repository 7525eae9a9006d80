/**
 * Auto-configuration of distributed lock application events.
 */
@NullMarked
package io.distlock.autoconfigure.event;

import org.jspecify.annotations.NullMarked;
