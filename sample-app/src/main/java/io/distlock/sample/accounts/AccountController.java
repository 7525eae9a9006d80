package io.distlock.sample.accounts;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accounts and transfers over HTTP: {@code GET /api/accounts} (balances and their total),
 * {@code POST /api/transfers} {@code {"from": "alice", "to": "bob", "amountCents": 500}}.
 */
@RestController
public class AccountController {

    private final AccountService service;

    private final AccountRepository accounts;

    /**
     * Creates the controller.
     * @param service locked transfers
     * @param accounts the account table
     */
    public AccountController(AccountService service, AccountRepository accounts) {
        this.service = service;
        this.accounts = accounts;
    }

    /**
     * Every account and the total.
     * @return balances
     */
    @GetMapping("/api/accounts")
    public Balances accounts() {
        return new Balances(accounts.findAll(), accounts.total());
    }

    /**
     * Moves money.
     * @param request from, to and how much
     * @return both accounts after the transfer
     */
    @PostMapping("/api/transfers")
    public Transfer transfer(@RequestBody TransferRequest request) {
        if (request.from() == null || request.to() == null) {
            throw new IllegalArgumentException("from and to are required");
        }
        return service.transfer(request.from(), request.to(), request.amountCents());
    }

    /**
     * Not enough money: 409.
     * @param ex the refusal
     * @return the problem
     */
    @ExceptionHandler(InsufficientFundsException.class)
    ProblemDetail insufficientFunds(InsufficientFundsException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
        problem.setTitle("Insufficient funds");
        return problem;
    }

    /**
     * An unknown account: 404.
     * @param ex the exception
     * @return the problem
     */
    @ExceptionHandler(UnknownAccountException.class)
    ProblemDetail unknown(UnknownAccountException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setTitle("Unknown account");
        return problem;
    }

    /**
     * All accounts.
     * @param accounts the accounts
     * @param totalCents the sum of their balances
     */
    public record Balances(List<Account> accounts, long totalCents) {
    }
}
