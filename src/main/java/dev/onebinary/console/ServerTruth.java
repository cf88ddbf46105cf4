package dev.onebinary.console;

import dev.onebinary.domain.ledger.StatementLog.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * What PostgreSQL did with a write-mode transaction, asked on another connection by its transaction id
 * ({@code txid_status}) instead of assumed from what the console sent: after a COMMIT that failed half-way, after a
 * lost connection, after a rollback.
 */
final class ServerTruth {

    private final DataSource pool;

    ServerTruth(DataSource pool) {
        this.pool = pool;
    }

    /**
     * Committed, rolled back, or (when the server no longer knows) uncommitted. A transaction still in progress
     * belongs to a session the console lost: that backend is ended (it is the console's own, and the same role), so
     * the server rolls it back, and the answer is asked again.
     */
    Transaction of(long xid, int pid) {
        try (Connection c = pool.getConnection()) {
            for (int attempt = 0; attempt < 50; attempt++) {
                String status = status(c, xid);
                if (status == null) {
                    return Transaction.UNCOMMITTED;
                }
                switch (status) {
                    case "committed" -> {
                        return Transaction.COMMITTED;
                    }
                    case "aborted" -> {
                        return Transaction.ROLLED_BACK;
                    }
                    default -> {
                        if (attempt == 0) {
                            terminate(c, pid);
                        }
                        Thread.sleep(100);
                    }
                }
            }
            return Transaction.UNCOMMITTED;
        } catch (SQLException e) {
            return Transaction.UNCOMMITTED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Transaction.UNCOMMITTED;
        }
    }

    private static String status(Connection c, long xid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT txid_status(?)")) {
            ps.setLong(1, xid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void terminate(Connection c, int pid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE pid = ? AND application_name = '" + ConsoleConnection.APPLICATION_NAME + "'")) {
            ps.setInt(1, pid);
            ps.execute();
        }
    }
}
