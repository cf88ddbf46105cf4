package dev.onebinary.domain;

import java.sql.SQLException;

/** A database call failed; the command line and the web layer turn it into an exit code or a problem response. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
