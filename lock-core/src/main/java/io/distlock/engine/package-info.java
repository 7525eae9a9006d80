/**
 * The lock engine: re-entrancy, waiting, watchdog wiring and listeners over a backend.
 */
package io.distlock.engine;
