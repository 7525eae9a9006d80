package io.distlock.sample.orders;

/**
 * Not enough stock left for a purchase; nothing was sold.
 */
public class SoldOutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String productId;

    private final int available;

    /**
     * Creates the exception.
     * @param productId the product
     * @param available its stock
     * @param requested the quantity asked for
     */
    public SoldOutException(String productId, int available, int requested) {
        super("Product '" + productId + "' has " + available + " left, " + requested + " requested");
        this.productId = productId;
        this.available = available;
    }

    /**
     * The product.
     * @return its id
     */
    public String getProductId() {
        return productId;
    }

    /**
     * The stock when the purchase was refused.
     * @return units left
     */
    public int getAvailable() {
        return available;
    }
}
