package io.distlock.sample.report;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the report says: the orders and revenue in this instance's database.
 */
@Component
public class SalesFigures {

    private final JdbcClient jdbc;

    /**
     * Creates the figures.
     * @param jdbc the shop's database
     */
    public SalesFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A one-line summary.
     * @return e.g. {@code 12 orders, 340.00 revenue}
     */
    public String summary() {
        long orders = jdbc.sql("SELECT COUNT(*) FROM purchase_order").query(Long.class).single();
        long revenueCents = jdbc.sql("""
                SELECT COALESCE(SUM(o.quantity * p.price_cents), 0)
                FROM purchase_order o JOIN product p ON p.id = o.product_id
                """).query(Long.class).single();
        return String.format("%d orders, %d.%02d revenue", orders, revenueCents / 100, revenueCents % 100);
    }
}
