package dev.onebinary.tasks;

import dev.onebinary.domain.DatabaseException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Where a task got to ({@code task_cursors}), per task, task arguments and shard. Batches save it in their own
 * transaction ({@link Guard#save}), so the cursor commits with a batch's changes or not at all; this reads it back.
 */
@ApplicationScoped
class TaskCursors {

    /** A saved cursor: the position after the last committed batch, and whether that run got to the end. */
    record Cursor(Position position, boolean complete) {}

    private final AgroalDataSource dataSource;

    TaskCursors(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    Optional<Cursor> load(TaskRunner.Run run) {
        String sql =
                "SELECT position, last_key, complete FROM task_cursors WHERE task = ? AND arguments = ? AND shard = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, run.task());
            ps.setString(2, run.arguments());
            ps.setString(3, run.shard().toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String position = rs.getString(1);
                Long lastKey = (Long) rs.getObject(2);
                // A cursor saved by the previous release has only last_key.
                Position saved = position != null
                        ? new Position(position)
                        : lastKey != null ? Position.ofKeyValues(List.of(lastKey.toString())) : Position.START;
                return Optional.of(new Cursor(saved, rs.getBoolean(3)));
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
