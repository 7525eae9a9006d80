package io.distlock.sample.payments;

/**
 * The body of {@code POST /api/payments}.
 *
 * @param amountCents how much to charge, in cents
 * @param description what for
 */
public record PaymentRequest(long amountCents, String description) {
}
