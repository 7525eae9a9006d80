package io.distlock.sample.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The history of the shop's settings: one row per revision, numbered without gaps.
 */
@Repository
public class ConfigRepository {

    private final JdbcClient jdbc;

    /**
     * Creates the repository.
     * @param jdbc the shop's database
     */
    public ConfigRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The newest revision number.
     * @return the revision, 0 before the first change
     */
    public int latestRevision() {
        return jdbc.sql("SELECT COALESCE(MAX(revision), 0) FROM config_revision").query(Integer.class).single();
    }

    /**
     * Stores a revision; fails if the number is taken (two writers that did not take turns).
     * @param revision the revision
     */
    public void insert(ConfigRevision revision) {
        jdbc.sql("INSERT INTO config_revision (revision, name, setting_value, fencing_token, updated_at) VALUES (?, ?, ?, ?, ?)")
            .params(revision.revision(), revision.name(), revision.value(), revision.fencingToken(),
                    Timestamp.from(revision.updatedAt()))
            .update();
    }

    /**
     * Every revision, oldest first.
     * @return the history
     */
    public List<ConfigRevision> history() {
        return jdbc.sql("SELECT * FROM config_revision ORDER BY revision").query(ConfigRepository::revision).list();
    }

    private static ConfigRevision revision(ResultSet row, int rowNumber) throws SQLException {
        return new ConfigRevision(row.getInt("revision"), row.getString("name"), row.getString("setting_value"),
                row.getLong("fencing_token"), row.getTimestamp("updated_at").toInstant());
    }
}
