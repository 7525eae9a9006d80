/**
 * Serialised writers: every change to the shop's settings holds one global lock, and stores
 * the lock's fencing token with the revision it wrote.
 */
package io.distlock.sample.config;
