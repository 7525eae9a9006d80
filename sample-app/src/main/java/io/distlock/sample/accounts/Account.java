package io.distlock.sample.accounts;

/**
 * An account.
 *
 * @param id the account id
 * @param owner whose it is
 * @param balanceCents its balance, in cents
 */
public record Account(String id, String owner, long balanceCents) {
}
