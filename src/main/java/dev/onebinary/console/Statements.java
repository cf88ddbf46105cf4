package dev.onebinary.console;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Running a SQL statement as typed, and telling from a failure how the statement ended. */
final class Statements {

    /** The guard refused SQL that Hibernate generated from JPQL. */
    static final class Refusal extends RuntimeException {
        Refusal(String reason) {
            super(reason);
        }
    }

    private static final String QUERY_CANCELED = "57014";

    private Statements() {}

    static Result sql(ConsoleConnection connection, String text, int maxRows, long start) throws SQLException {
        try (Statement s = connection.statement()) {
            s.setMaxRows(maxRows + 1);
            if (!s.execute(text)) {
                return Result.changed(s.getUpdateCount(), Result.millis(start));
            }
            try (ResultSet rs = s.getResultSet()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i));
                }
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
                return Result.capped(columns, rows, maxRows, start);
            }
        }
    }

    /** The guard's reason, when it refused SQL generated from JPQL. */
    static String refusal(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof Refusal r) {
                return r.getMessage();
            }
        }
        return null;
    }

    /** The session is gone: a connection failure (08), or the server ended it (57P0x: terminated, shutting down). */
    static boolean connectionFailure(Throwable e) {
        String state = sqlState(e);
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }

    static boolean timedOut(Throwable e) {
        return QUERY_CANCELED.equals(sqlState(e))
                && String.valueOf(e.getMessage()).contains("statement timeout");
    }

    static boolean canceled(Throwable e) {
        return QUERY_CANCELED.equals(sqlState(e));
    }

    private static String sqlState(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
