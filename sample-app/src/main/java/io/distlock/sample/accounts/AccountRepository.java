package io.distlock.sample.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Accounts in the shop's database.
 */
@Repository
public class AccountRepository {

    private final JdbcClient jdbc;

    /**
     * Creates the repository.
     * @param jdbc the shop's database
     */
    public AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every account.
     * @return the accounts by id
     */
    public List<Account> findAll() {
        return jdbc.sql("SELECT * FROM account ORDER BY id").query(AccountRepository::account).list();
    }

    /**
     * One account.
     * @param id its id
     * @return the account, empty if there is none with this id
     */
    public Optional<Account> find(String id) {
        return jdbc.sql("SELECT * FROM account WHERE id = ?").param(id).query(AccountRepository::account).optional();
    }

    /**
     * Sets a balance.
     * @param id the account
     * @param balanceCents its new balance
     */
    public void updateBalance(String id, long balanceCents) {
        jdbc.sql("UPDATE account SET balance_cents = ? WHERE id = ?").params(balanceCents, id).update();
    }

    /**
     * The sum of all balances, which transfers never change.
     * @return the total in cents
     */
    public long total() {
        return jdbc.sql("SELECT COALESCE(SUM(balance_cents), 0) FROM account").query(Long.class).single();
    }

    private static Account account(ResultSet row, int rowNumber) throws SQLException {
        return new Account(row.getString("id"), row.getString("owner"), row.getLong("balance_cents"));
    }
}
