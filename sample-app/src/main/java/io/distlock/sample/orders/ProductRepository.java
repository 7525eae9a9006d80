package io.distlock.sample.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Products and their orders in the shop's database.
 */
@Repository
public class ProductRepository {

    private static final String SELECT_PRODUCTS = """
            SELECT p.id, p.name, p.price_cents, p.initial_stock, p.stock,
                   COALESCE((SELECT SUM(o.quantity) FROM purchase_order o WHERE o.product_id = p.id), 0) AS sold
            FROM product p
            """;

    private final JdbcClient jdbc;

    /**
     * Creates the repository.
     * @param jdbc the shop's database
     */
    public ProductRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every product.
     * @return the products by id
     */
    public List<Product> findAll() {
        return jdbc.sql(SELECT_PRODUCTS + " ORDER BY p.id").query(ProductRepository::product).list();
    }

    /**
     * One product.
     * @param id its id
     * @return the product, empty if there is none with this id
     */
    public Optional<Product> find(String id) {
        return jdbc.sql(SELECT_PRODUCTS + " WHERE p.id = ?").param(id).query(ProductRepository::product).optional();
    }

    /**
     * Sets what is left of a product.
     * @param id the product
     * @param stock its new stock
     */
    public void updateStock(String id, int stock) {
        jdbc.sql("UPDATE product SET stock = ? WHERE id = ?").params(stock, id).update();
    }

    /**
     * Records a purchase.
     * @param productId what was bought
     * @param quantity how many
     * @return the order id
     */
    public long insertOrder(String productId, int quantity) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO purchase_order (product_id, quantity, created_at) VALUES (?, ?, ?)")
            .params(productId, quantity, Timestamp.from(Instant.now()))
            .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    /**
     * Starts a product afresh: its stock and initial stock become {@code stock}, its orders are deleted.
     * @param id the product
     * @param stock the new stock
     * @return whether the product exists
     */
    public boolean restock(String id, int stock) {
        jdbc.sql("DELETE FROM purchase_order WHERE product_id = ?").param(id).update();
        return jdbc.sql("UPDATE product SET stock = ?, initial_stock = ? WHERE id = ?").params(stock, stock, id)
            .update() == 1;
    }

    private static Product product(ResultSet row, int rowNumber) throws SQLException {
        int initialStock = row.getInt("initial_stock");
        long sold = row.getLong("sold");
        return new Product(row.getString("id"), row.getString("name"), row.getLong("price_cents"), initialStock,
                row.getInt("stock"), sold, Math.max(0, sold - initialStock));
    }
}
