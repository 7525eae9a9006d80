/**
 * HTTP answers shared by all features: lock failures as problem details.
 */
package io.distlock.sample.web;
