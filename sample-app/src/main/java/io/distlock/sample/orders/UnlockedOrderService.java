package io.distlock.sample.orders;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The same purchase as {@link OrderService}, in a transaction but without the lock: what most
 * code looks like before it meets concurrent buyers. Only the demo burst with
 * {@code locked=false} uses it, to show the overselling that the lock prevents.
 */
@Service
public class UnlockedOrderService {

    private final Checkout checkout;

    UnlockedOrderService(Checkout checkout) {
        this.checkout = checkout;
    }

    /**
     * Buys a product, unsafely.
     * @param productId what to buy
     * @param quantity how many
     * @return the order
     */
    @Transactional
    public Order purchase(String productId, int quantity) {
        return checkout.sell(productId, quantity);
    }
}
