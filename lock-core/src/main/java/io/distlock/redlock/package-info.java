/**
 * Redlock: one lock over several independent Redis masters, held by a majority.
 */
package io.distlock.redlock;
