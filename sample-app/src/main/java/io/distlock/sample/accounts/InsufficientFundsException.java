package io.distlock.sample.accounts;

/**
 * The debited account has less than the amount; nothing was moved.
 */
public class InsufficientFundsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param accountId the account
     * @param balanceCents its balance
     * @param amountCents the amount asked for
     */
    public InsufficientFundsException(String accountId, long balanceCents, long amountCents) {
        super("Account '" + accountId + "' has " + balanceCents + " cents, " + amountCents + " requested");
    }
}
