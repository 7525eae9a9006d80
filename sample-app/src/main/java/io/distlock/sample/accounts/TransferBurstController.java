package io.distlock.sample.accounts;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.distlock.LockAcquisitionException;
import io.distlock.sample.demo.Burst;

/**
 * {@code POST /api/demo/transfer-burst?n=200}: fires {@code n} crossed transfers at once, half
 * from {@code alice} to {@code bob} and half back, and reports that all completed (no deadlock)
 * and that the total balance did not change.
 */
@RestController
public class TransferBurstController {

    private static final String ALICE = "alice";

    private static final String BOB = "bob";

    private final AccountService service;

    private final AccountRepository accounts;

    private final int threads;

    /**
     * Creates the controller.
     * @param service locked transfers
     * @param accounts the account table
     * @param threads how many threads fire the transfers ({@code sample.demo.burst-threads})
     */
    public TransferBurstController(AccountService service, AccountRepository accounts,
            @Value("${sample.demo.burst-threads:16}") int threads) {
        this.service = service;
        this.accounts = accounts;
        this.threads = threads;
    }

    /**
     * Fires the burst.
     * @param n how many transfers
     * @param amountCents how much each moves
     * @return what completed and the totals before and after
     */
    @PostMapping("/api/demo/transfer-burst")
    public TransferBurstResult burst(@RequestParam(defaultValue = "200") int n,
            @RequestParam(defaultValue = "500") long amountCents) {
        long before = accounts.total();
        Burst.Tally tally = Burst.run(n, threads, i -> {
            try {
                if (i % 2 == 0) {
                    service.transfer(ALICE, BOB, amountCents);
                } else {
                    service.transfer(BOB, ALICE, amountCents);
                }
                return "completed";
            } catch (InsufficientFundsException ex) {
                return "insufficientFunds";
            } catch (LockAcquisitionException ex) {
                return "lockTimeout";
            }
        });
        long completed = tally.count("completed");
        long insufficient = tally.count("insufficientFunds");
        long timeouts = tally.count("lockTimeout");
        return new TransferBurstResult(n, completed, insufficient, timeouts, n - completed - insufficient - timeouts,
                before, accounts.total(), tally.millis());
    }
}
