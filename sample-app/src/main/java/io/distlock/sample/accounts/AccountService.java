package io.distlock.sample.accounts;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.distlock.annotation.DistributedLock;

/**
 * Moves money between two accounts while holding the locks of both,
 * {@code account:<from>} and {@code account:<to>}. The library takes the two keys in sorted
 * order, so a transfer from A to B and one from B to A never wait for each other in a circle.
 */
@Service
public class AccountService {

    private final AccountRepository accounts;

    /**
     * Creates the service.
     * @param accounts the account table
     */
    public AccountService(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /**
     * Moves money.
     * @param from the account to debit
     * @param to the account to credit
     * @param amountCents how much
     * @return both accounts after the transfer
     * @throws InsufficientFundsException when {@code from} has less than the amount
     */
    @DistributedLock(name = "account", key = "{#from, #to}")
    @Transactional
    public Transfer transfer(String from, String to, long amountCents) {
        if (from.equals(to)) {
            throw new IllegalArgumentException("Cannot transfer from an account to itself: " + from);
        }
        if (amountCents <= 0) {
            throw new IllegalArgumentException("amountCents must be positive, was " + amountCents);
        }
        Account debited = accounts.find(from).orElseThrow(() -> new UnknownAccountException(from));
        Account credited = accounts.find(to).orElseThrow(() -> new UnknownAccountException(to));
        if (debited.balanceCents() < amountCents) {
            throw new InsufficientFundsException(from, debited.balanceCents(), amountCents);
        }
        accounts.updateBalance(from, debited.balanceCents() - amountCents);
        accounts.updateBalance(to, credited.balanceCents() + amountCents);
        return new Transfer(new Account(from, debited.owner(), debited.balanceCents() - amountCents),
                new Account(to, credited.owner(), credited.balanceCents() + amountCents), amountCents);
    }
}
