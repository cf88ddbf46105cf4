package dev.onebinary.domain.ledger;

import dev.onebinary.domain.DatabaseException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of a console session ({@code admin_run_statements}). Each write is one auto-committed statement on a
 * connection of its own, never inside the session's transaction, so what was recorded survives the session's
 * rollback, a lost connection and {@code kill -9} of the console. Statements and errors arrive masked.
 */
@ApplicationScoped
public class StatementLog {

    /** How a statement ended. */
    public enum Ending {
        OK("ok"),
        ERROR("error"),
        REFUSED("refused"),
        CANCELED("canceled"),
        TIMEOUT("timeout");

        private final String value;

        Ending(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** What became of the write-mode transaction a statement ran in, as the server reported it. */
    public enum Transaction {
        UNCOMMITTED("uncommitted"),
        COMMITTED("committed"),
        ROLLED_BACK("rolled back");

        private final String value;

        Transaction(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** The end of one statement; {@code transaction} is null in read-only mode. */
    public record End(
            Ending ending, long millis, Long rowsReturned, Long rowsChanged, Transaction transaction, String error) {}

    /** One recorded statement. */
    @RegisterForReflection
    public record Entry(
            int seq,
            String language,
            String statement,
            OffsetDateTime startedAt,
            Long durationMs,
            Long rowsReturned,
            Long rowsChanged,
            String outcome,
            String transaction,
            String error) {

        /** The entry from a row of (seq, language, statement, started_at, duration_ms, rows_returned, rows_changed,
         * outcome, transaction, error): the ledger's read and the admin pages' read are the same. */
        public static Entry read(ResultSet rs) throws SQLException {
            return new Entry(
                    rs.getInt(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getObject(4, OffsetDateTime.class),
                    (Long) rs.getObject(5),
                    (Long) rs.getObject(6),
                    (Long) rs.getObject(7),
                    rs.getString(8),
                    rs.getString(9),
                    rs.getString(10));
        }
    }

    private final AgroalDataSource dataSource;

    StatementLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** False when the table does not exist yet (migrations pending): the console then refuses to open. */
    public boolean available() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT to_regclass('admin_run_statements') IS NOT NULL");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Records a statement that starts now, before it is sent; if this fails, the statement must not run. */
    public void begin(long runId, int seq, String language, String statement) {
        update(
                "INSERT INTO admin_run_statements (run_id, seq, language, statement) VALUES (?, ?, ?, ?)",
                runId,
                seq,
                language,
                statement);
    }

    /** Records a statement the console refused to send. */
    public void refused(long runId, int seq, String language, String statement, String reason) {
        update(
                "INSERT INTO admin_run_statements (run_id, seq, language, statement, duration_ms, outcome, error)"
                        + " VALUES (?, ?, ?, ?, 0, 'refused', ?)",
                runId,
                seq,
                language,
                statement,
                reason);
    }

    /** Completes a statement recorded by {@link #begin}. */
    public void end(long runId, int seq, End end) {
        update(
                "UPDATE admin_run_statements SET duration_ms = ?, rows_returned = ?, rows_changed = ?, outcome = ?,"
                        + " transaction = ?, error = ? WHERE run_id = ? AND seq = ?",
                end.millis(),
                end.rowsReturned(),
                end.rowsChanged(),
                end.ending().value(),
                end.transaction() == null ? null : end.transaction().value(),
                end.error(),
                runId,
                seq);
    }

    /** Marks every statement of the run still {@code uncommitted} as the server ended its transaction. */
    public int settle(long runId, Transaction outcome) {
        return update(
                "UPDATE admin_run_statements SET transaction = ? WHERE run_id = ? AND transaction = 'uncommitted'",
                outcome.value(),
                runId);
    }

    /** The statements of a run, in order. */
    public List<Entry> of(long runId) {
        String sql = "SELECT seq, language, statement, started_at, duration_ms, rows_returned, rows_changed, outcome,"
                + " transaction, error FROM admin_run_statements WHERE run_id = ? ORDER BY seq";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, runId);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(Entry.read(rs));
                }
            }
            return entries;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return List.of();
            }
            throw new DatabaseException(e);
        }
    }

    private int update(String sql, Object... values) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    ps.setNull(i + 1, Types.OTHER);
                } else {
                    ps.setObject(i + 1, values[i]);
                }
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
