/**
 * Test support shared by the observability tests, and the end-to-end test of an application
 * scraped over HTTP.
 */
package io.distlock.observability;
