package io.distlock.sample.accounts;

/**
 * A transfer that went through.
 *
 * @param from the debited account, after the transfer
 * @param to the credited account, after the transfer
 * @param amountCents the amount moved, in cents
 */
public record Transfer(Account from, Account to, long amountCents) {
}
