package io.distlock.sample.orders;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.distlock.annotation.DistributedLock;

/**
 * Sells products without overselling, whatever the number of instances: each purchase holds the
 * lock {@code stock:<productId>} while it checks and decrements the stock. The lock is taken
 * before the transaction begins and released after it has committed, so the next buyer always
 * reads the committed stock.
 */
@Service
public class OrderService {

    private final Checkout checkout;

    private final ProductRepository products;

    /**
     * Creates the service.
     * @param checkout the read-check-write of a purchase
     * @param products the product table
     */
    OrderService(Checkout checkout, ProductRepository products) {
        this.checkout = checkout;
        this.products = products;
    }

    /**
     * Buys a product.
     * @param productId what to buy
     * @param quantity how many
     * @return the order
     * @throws SoldOutException when less than {@code quantity} is left
     * @throws io.distlock.LockAcquisitionException when other buyers held the lock for longer
     * than {@code sample.orders.lock-wait}
     */
    @DistributedLock(name = "stock", key = "#productId", waitTime = "${sample.orders.lock-wait:10s}")
    @Transactional
    public Order purchase(String productId, int quantity) {
        return checkout.sell(productId, quantity);
    }

    /**
     * Starts a product afresh for a demo: sets its stock and forgets its orders, under the same
     * lock as purchases.
     * @param productId the product
     * @param stock its new stock
     * @return the product
     */
    @DistributedLock(name = "stock", key = "#productId", waitTime = "${sample.orders.lock-wait:10s}")
    @Transactional
    public Product restock(String productId, int stock) {
        if (stock < 0) {
            throw new IllegalArgumentException("stock must not be negative, was " + stock);
        }
        if (!products.restock(productId, stock)) {
            throw new UnknownProductException(productId);
        }
        return products.find(productId).orElseThrow(() -> new UnknownProductException(productId));
    }
}
