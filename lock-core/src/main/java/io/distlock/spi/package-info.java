/**
 * The small service-provider interface between the lock engine and a store.
 */
package io.distlock.spi;
