package io.distlock.sample.payments;

import java.time.Instant;

/**
 * A processed payment, stored under its idempotency key.
 *
 * @param paymentId the payment's id
 * @param idempotencyKey the key the client sent
 * @param amountCents the amount charged, in cents
 * @param description what for
 * @param createdAt when it was charged
 */
public record Payment(String paymentId, String idempotencyKey, long amountCents, String description,
        Instant createdAt) {
}
