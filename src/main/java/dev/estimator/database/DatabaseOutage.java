package dev.estimator.database;

import java.sql.SQLException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

/** Tells a failure to reach the database (which a retry may mend) from a statement the database refused. */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /**
     * Whether the exception says the database could not be reached, or lost the connection mid-statement, rather
     * than refusing a statement (a constraint, a bug), which no retry mends.
     */
    public static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof TransactionException) {
                return true;
            }
            // SQL state class 08: connection exception
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
