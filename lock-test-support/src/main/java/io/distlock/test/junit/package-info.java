/**
 * JUnit 5 extensions that run real Redis servers ({@link io.distlock.test.junit.RedisServerExtension}),
 * Sentinel groups ({@link io.distlock.test.junit.RedisSentinelExtension}) and clusters
 * ({@link io.distlock.test.junit.RedisClusterExtension}) around a test class.
 */
package io.distlock.test.junit;
