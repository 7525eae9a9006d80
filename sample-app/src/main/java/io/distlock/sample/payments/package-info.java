/**
 * Idempotent requests: a payment with an {@code Idempotency-Key} is charged once, however often
 * and however concurrently the request is repeated, on whichever instance it lands.
 */
package io.distlock.sample.payments;
