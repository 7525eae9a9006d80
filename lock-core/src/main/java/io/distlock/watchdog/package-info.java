/**
 * Lease renewal of held locks: one scheduler per template renews them all in batches.
 */
package io.distlock.watchdog;
