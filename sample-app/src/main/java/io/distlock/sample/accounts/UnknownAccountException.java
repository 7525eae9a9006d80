package io.distlock.sample.accounts;

/**
 * No account has the given id.
 */
public class UnknownAccountException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param accountId the id that was not found
     */
    public UnknownAccountException(String accountId) {
        super("No account '" + accountId + "'");
    }
}
