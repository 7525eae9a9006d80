package io.distlock.sample.payments;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stands in for a card processor: every call is a charge to the customer, recorded in the
 * {@code charge} table, which has no uniqueness of its own (a processor does not know our keys).
 * Counting its rows per key shows whether anyone was charged twice.
 */
@Component
public class PaymentGateway {

    private final JdbcClient jdbc;

    /**
     * Creates the gateway.
     * @param jdbc where the charges are recorded
     */
    public PaymentGateway(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Charges the customer.
     * @param idempotencyKey the request's key, recorded with the charge
     * @param amountCents how much
     */
    public void charge(String idempotencyKey, long amountCents) {
        jdbc.sql("INSERT INTO charge (idempotency_key, amount_cents, created_at) VALUES (?, ?, ?)")
            .params(idempotencyKey, amountCents, Timestamp.from(Instant.now()))
            .update();
    }

    /**
     * How many charges were made for a key.
     * @param idempotencyKey the key
     * @return the number of charges (1 is right, more is a double charge)
     */
    public long charges(String idempotencyKey) {
        return jdbc.sql("SELECT COUNT(*) FROM charge WHERE idempotency_key = ?").param(idempotencyKey)
            .query(Long.class).single();
    }

    /**
     * How many charges were made in all.
     * @return the number of charges
     */
    public long charges() {
        return jdbc.sql("SELECT COUNT(*) FROM charge").query(Long.class).single();
    }
}
