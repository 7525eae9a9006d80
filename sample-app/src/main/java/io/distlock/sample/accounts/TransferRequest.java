package io.distlock.sample.accounts;

/**
 * The body of {@code POST /api/transfers}.
 *
 * @param from the account to debit
 * @param to the account to credit
 * @param amountCents how much, in cents
 */
public record TransferRequest(String from, String to, long amountCents) {
}
