/**
 * The Redis backend: Lua scripts, fence counters per hash slot, the release subscription.
 */
package io.distlock.redis;
