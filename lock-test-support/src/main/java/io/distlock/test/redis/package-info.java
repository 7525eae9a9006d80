/**
 * Real {@code redis-server} processes for tests (standalone, replication, Sentinel, Cluster) with fault injection,
 * child JVMs, and process clean-up. Independent of JUnit, so applications may use it at runtime too.
 */
package io.distlock.test.redis;
