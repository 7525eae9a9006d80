package io.distlock.sample.payments;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Payments over HTTP.
 * <ul>
 * <li>{@code POST /api/payments} with header {@code Idempotency-Key} and body
 * {@code {"amountCents": 1999, "description": "..."}}: 201 when charged, 409 (problem details) for
 * a repeat within the idempotency window, 200 with the first result ({@code replayed: true})
 * after it;</li>
 * <li>{@code GET /api/payments/{idempotencyKey}}: the stored payment and how often that key was
 * charged;</li>
 * <li>{@code GET /api/payments}: totals.</li>
 * </ul>
 */
@RestController
public class PaymentController {

    /** The request header that names a payment. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final int MAX_KEY_LENGTH = 100;

    private final PaymentService service;

    private final PaymentRepository payments;

    private final PaymentGateway gateway;

    /**
     * Creates the controller.
     * @param service the idempotent payments
     * @param payments stored results
     * @param gateway the card processor's record of charges
     */
    public PaymentController(PaymentService service, PaymentRepository payments, PaymentGateway gateway) {
        this.service = service;
        this.payments = payments;
        this.gateway = gateway;
    }

    /**
     * Pays once per key.
     * @param idempotencyKey the client's key for this payment
     * @param request what to charge
     * @return 201 with the payment, or 200 with the stored payment of an earlier request
     */
    @PostMapping("/api/payments")
    public ResponseEntity<PaymentResult> pay(@RequestHeader(IDEMPOTENCY_KEY) String idempotencyKey,
            @RequestBody PaymentRequest request) {
        if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(IDEMPOTENCY_KEY + " must have 1 to " + MAX_KEY_LENGTH + " characters");
        }
        PaymentResult result = service.pay(idempotencyKey, request);
        return ResponseEntity.status(result.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(result);
    }

    /**
     * One key's payment and charges.
     * @param idempotencyKey the key
     * @return the stored payment (or {@code null}) and how many charges it caused
     */
    @GetMapping("/api/payments/{idempotencyKey}")
    public KeyCharges charges(@PathVariable String idempotencyKey) {
        return new KeyCharges(idempotencyKey, payments.findByKey(idempotencyKey).orElse(null),
                gateway.charges(idempotencyKey));
    }

    /**
     * Totals.
     * @return how many payments are stored and how many charges were made
     */
    @GetMapping("/api/payments")
    public PaymentTotals totals() {
        return new PaymentTotals(payments.count(), gateway.charges());
    }

    /**
     * One key's payment and charges.
     * @param idempotencyKey the key
     * @param payment the stored payment, {@code null} if none
     * @param charges how many times the customer was charged for it
     */
    public record KeyCharges(String idempotencyKey, Payment payment, long charges) {
    }

    /**
     * Totals over all keys.
     * @param payments stored payments
     * @param charges charges made (equal to {@code payments} when nobody was charged twice)
     */
    public record PaymentTotals(long payments, long charges) {
    }
}
