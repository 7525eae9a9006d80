/**
 * Helpers of the demo endpoints: concurrent bursts and the instance's name.
 */
package io.distlock.sample.demo;
