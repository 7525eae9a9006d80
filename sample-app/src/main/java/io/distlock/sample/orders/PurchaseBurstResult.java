package io.distlock.sample.orders;

/**
 * What a purchase burst did.
 *
 * @param productId the product sold
 * @param locked whether the purchases took the lock
 * @param requested how many purchases were fired
 * @param initialStock the stock before the burst
 * @param confirmed purchases that were confirmed to the buyer
 * @param sold units recorded as sold in the database
 * @param soldOut purchases refused because nothing was left
 * @param lockTimeouts purchases that gave up waiting for the lock
 * @param failed purchases that failed otherwise (e.g. a database conflict)
 * @param stock the stock after the burst
 * @param oversold units sold that were never in stock
 * @param millis how long the burst took
 */
public record PurchaseBurstResult(String productId, boolean locked, int requested, int initialStock,
        long confirmed, long sold, long soldOut, long lockTimeouts, long failed, int stock, long oversold,
        long millis) {
}
