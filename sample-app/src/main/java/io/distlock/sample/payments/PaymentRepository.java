package io.distlock.sample.payments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stored payment results, by idempotency key.
 */
@Repository
public class PaymentRepository {

    private final JdbcClient jdbc;

    /**
     * Creates the repository.
     * @param jdbc the shop's database
     */
    public PaymentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The stored result for a key.
     * @param idempotencyKey the key
     * @return the payment, empty if none was processed with this key
     */
    public Optional<Payment> findByKey(String idempotencyKey) {
        return jdbc.sql("SELECT * FROM payment WHERE idempotency_key = ?").param(idempotencyKey)
            .query(PaymentRepository::payment).optional();
    }

    /**
     * Stores a result.
     * @param payment the payment
     */
    public void insert(Payment payment) {
        jdbc.sql("INSERT INTO payment (id, idempotency_key, amount_cents, description, created_at) VALUES (?, ?, ?, ?, ?)")
            .params(payment.paymentId(), payment.idempotencyKey(), payment.amountCents(), payment.description(),
                    Timestamp.from(payment.createdAt()))
            .update();
    }

    /**
     * How many results are stored.
     * @return the number of payments
     */
    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM payment").query(Long.class).single();
    }

    private static Payment payment(ResultSet row, int rowNumber) throws SQLException {
        return new Payment(row.getString("id"), row.getString("idempotency_key"), row.getLong("amount_cents"),
                row.getString("description"), row.getTimestamp("created_at").toInstant());
    }
}
