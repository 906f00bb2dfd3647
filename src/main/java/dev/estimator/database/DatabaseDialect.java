package dev.estimator.database;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/**
 * Which database the service runs on, asked once at startup: PostgreSQL (several instances may share it, with
 * advisory locks and NOTIFY) or the embedded H2 (one instance). Features that need a database-specific
 * statement choose their implementation from it once, rather than asking at every call.
 */
@Component
public class DatabaseDialect {

    private final boolean postgres;

    public DatabaseDialect(DataSource dataSource) {
        this.postgres = probe(dataSource);
    }

    /** For code that knows its database already (tests of one dialect). */
    public static DatabaseDialect of(DataSource dataSource) {
        return new DatabaseDialect(dataSource);
    }

    public boolean postgres() {
        return postgres;
    }

    private static boolean probe(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database the service runs on", e);
        }
    }
}
