/**
 * A demo convenience: when no Redis answers at the configured local address, the shop starts a
 * {@code redis-server} of its own (the library itself never starts servers).
 */
package io.distlock.sample.embedded;
