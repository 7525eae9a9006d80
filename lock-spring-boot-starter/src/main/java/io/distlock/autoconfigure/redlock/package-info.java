/**
 * The Redlock nodes of the auto-configuration: one connection factory and lock backend per
 * independent Redis master, built from its URL, with the credentials masked wherever it is named.
 */
@NullMarked
package io.distlock.autoconfigure.redlock;

import org.jspecify.annotations.NullMarked;
