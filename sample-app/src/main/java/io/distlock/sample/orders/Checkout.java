package io.distlock.sample.orders;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The read-check-write of a purchase: read the stock, refuse if too little is left, write the new
 * stock, record the order. Correct only when no other purchase of the same product runs in
 * between, which is what the lock in {@link OrderService} guarantees across all instances. Runs in
 * its caller's transaction.
 * <p>
 * {@code sample.orders.checkout-delay} stands for the work a real shop does between the check and
 * the write (pricing, a call to a warehouse system); it widens the window in which concurrent
 * purchases without a lock sell the same unit twice.
 */
@Component
class Checkout {

    private final ProductRepository products;

    private final Duration delay;

    Checkout(ProductRepository products, @Value("${sample.orders.checkout-delay:0ms}") Duration delay) {
        this.products = products;
        this.delay = delay;
    }

    Order sell(String productId, int quantity) {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
        Product product = products.find(productId).orElseThrow(() -> new UnknownProductException(productId));
        if (product.stock() < quantity) {
            throw new SoldOutException(productId, product.stock(), quantity);
        }
        pause();
        int left = product.stock() - quantity;
        products.updateStock(productId, left);
        long orderId = products.insertOrder(productId, quantity);
        return new Order(orderId, productId, quantity, left);
    }

    private void pause() {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during checkout", ex);
        }
    }
}
