package io.distlock.sample.orders;

/**
 * No product has the given id.
 */
public class UnknownProductException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param productId the id that was not found
     */
    public UnknownProductException(String productId) {
        super("No product '" + productId + "'");
    }
}
