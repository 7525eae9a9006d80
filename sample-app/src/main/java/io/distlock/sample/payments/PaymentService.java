package io.distlock.sample.payments;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.distlock.annotation.DistributedLock;
import io.distlock.annotation.LockFailureAction;

/**
 * Processes each {@code Idempotency-Key} once. The first request takes the lock
 * {@code payment:<key>} without waiting and keeps it for the idempotency window
 * ({@code sample.payments.idempotency-window}, 30 s) even after it has answered: a repeat
 * within the window, concurrent or not, on any instance, fails to get the lock and is answered
 * 409. After the window the stored result is returned. The customer is charged once either way.
 */
@Service
public class PaymentService {

    private final PaymentRepository payments;

    private final PaymentGateway gateway;

    /**
     * Creates the service.
     * @param payments stored results
     * @param gateway the card processor
     */
    public PaymentService(PaymentRepository payments, PaymentGateway gateway) {
        this.payments = payments;
        this.gateway = gateway;
    }

    /**
     * Charges once per key.
     * @param idempotencyKey the client's key for this payment
     * @param request what to charge
     * @return the new payment, or the stored one when the key was processed before
     * @throws io.distlock.LockAcquisitionException when the key is being processed or was
     * processed within the window
     */
    @DistributedLock(name = "payment", key = "#idempotencyKey", waitTime = "0s",
            minHoldTime = "${sample.payments.idempotency-window:30s}", onFailure = LockFailureAction.THROW)
    @Transactional
    public PaymentResult pay(String idempotencyKey, PaymentRequest request) {
        Optional<Payment> earlier = payments.findByKey(idempotencyKey);
        if (earlier.isPresent()) {
            return new PaymentResult(earlier.get(), true);
        }
        if (request.amountCents() <= 0) {
            throw new IllegalArgumentException("amountCents must be positive, was " + request.amountCents());
        }
        gateway.charge(idempotencyKey, request.amountCents());
        Payment payment = new Payment(UUID.randomUUID().toString(), idempotencyKey, request.amountCents(),
                request.description(), Instant.now());
        payments.insert(payment);
        return new PaymentResult(payment, false);
    }
}
