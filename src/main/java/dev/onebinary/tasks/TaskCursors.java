package dev.onebinary.tasks;

import dev.onebinary.domain.DatabaseException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Where a task got to ({@code task_cursors}), per task, task arguments and shard. {@link #save} runs on the connection
 * of the batch's transaction, so the cursor commits with the batch's changes or not at all.
 */
@ApplicationScoped
class TaskCursors {

    /** A saved cursor: the last key of the last committed batch, and whether that run got to the end. */
    record Cursor(long lastKey, boolean complete, long examined, long changed) {}

    private final AgroalDataSource dataSource;

    TaskCursors(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    Optional<Cursor> load(String task, String arguments, Shard shard) {
        String sql = "SELECT last_key, complete, examined, changed FROM task_cursors"
                + " WHERE task = ? AND arguments = ? AND shard = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, task);
            ps.setString(2, arguments);
            ps.setString(3, shard.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Cursor(rs.getLong(1), rs.getBoolean(2), rs.getLong(3), rs.getLong(4)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Saves the cursor with the run's counts so far; must run inside the batch's transaction. */
    void save(String task, String arguments, Shard shard, Cursor cursor, Long runId) {
        String sql = "INSERT INTO task_cursors (task, arguments, shard, last_key, complete, examined, changed, run_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task, arguments, shard) DO UPDATE SET"
                + " last_key = EXCLUDED.last_key, complete = EXCLUDED.complete, examined = EXCLUDED.examined,"
                + " changed = EXCLUDED.changed, run_id = EXCLUDED.run_id, updated_at = now()";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, task);
            ps.setString(2, arguments);
            ps.setString(3, shard.toString());
            ps.setLong(4, cursor.lastKey());
            ps.setBoolean(5, cursor.complete());
            ps.setLong(6, cursor.examined());
            ps.setLong(7, cursor.changed());
            if (runId == null) {
                ps.setNull(8, java.sql.Types.BIGINT);
            } else {
                ps.setLong(8, runId);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
