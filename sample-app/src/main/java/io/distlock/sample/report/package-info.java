/**
 * One node runs the scheduled job: every instance schedules the report at the same wall-clock
 * instants, and a lock that is tried once and kept for most of the interval lets exactly one of
 * them write each window's report.
 */
package io.distlock.sample.report;
