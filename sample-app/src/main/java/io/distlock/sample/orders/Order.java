package io.distlock.sample.orders;

/**
 * A purchase that went through.
 *
 * @param orderId the order's id
 * @param productId what was bought
 * @param quantity how many
 * @param stockLeft the product's stock after this purchase
 */
public record Order(long orderId, String productId, int quantity, int stockLeft) {
}
