package dev.onebinary.domain.records;

import dev.onebinary.platform.DatabaseFailures;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;

/**
 * Recognises a failure that says nothing about the statement, only that the database could not be talked to: the
 * connection broke or was refused, the server is restarting or shutting down. Such a failure is transient; the same
 * work may succeed on a new connection.
 */
public final class ConnectionLoss {

    private ConnectionLoss() {}

    public static boolean is(Throwable failure) {
        for (Throwable c = failure; c != null; c = next(c)) {
            if (c instanceof SocketException || c instanceof EOFException) {
                return true;
            }
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P01/02/03: admin shutdown, crash shutdown, cannot connect now.
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
            if (c.getMessage() != null && c.getMessage().contains("Acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    /**
     * One line for a log: where the database is and what the driver said, without the statement (a failed batch
     * quotes its SQL and values) and without credentials.
     */
    public static String describe(Throwable failure) {
        String reason = "connection failed";
        for (Throwable c = failure; c != null; c = next(c)) {
            if (c instanceof ConnectException) {
                reason = "connection refused";
                break;
            }
            if (c instanceof SQLException sql
                    && !(c instanceof java.sql.BatchUpdateException)
                    && c.getMessage() != null) {
                reason = c.getMessage().strip().lines().findFirst().orElse(reason);
            }
        }
        return "cannot reach the database at " + DatabaseFailures.target() + ": " + reason;
    }

    private static Throwable next(Throwable c) {
        if (c instanceof SQLException sql && sql.getNextException() != null && sql.getNextException() != c) {
            return sql.getNextException();
        }
        return c.getCause() == c ? null : c.getCause();
    }
}
