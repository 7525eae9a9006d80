package io.distlock.sample.payments;

/**
 * The answer to a payment request.
 *
 * @param payment the payment
 * @param replayed {@code false} when this request charged it, {@code true} when an earlier request
 * with the same key did and this is its stored result
 */
public record PaymentResult(Payment payment, boolean replayed) {
}
