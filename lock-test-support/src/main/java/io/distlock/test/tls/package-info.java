/**
 * Certificates made at test time for TLS servers.
 */
package io.distlock.test.tls;
