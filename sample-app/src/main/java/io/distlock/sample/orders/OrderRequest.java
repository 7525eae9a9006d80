package io.distlock.sample.orders;

/**
 * The body of {@code POST /api/orders}.
 *
 * @param productId what to buy
 * @param quantity how many, at least 1
 */
public record OrderRequest(String productId, int quantity) {
}
