package io.distlock.sample.orders;

/**
 * A product with its stock and what has been sold of it since it was last restocked.
 *
 * @param id the product id
 * @param name what it is called
 * @param priceCents its price in cents
 * @param initialStock the stock at the last restock
 * @param stock what is left now
 * @param sold units sold since the last restock
 * @param oversold units sold that were never in stock (0 unless something went wrong)
 */
public record Product(String id, String name, long priceCents, int initialStock, int stock, long sold,
        long oversold) {
}
