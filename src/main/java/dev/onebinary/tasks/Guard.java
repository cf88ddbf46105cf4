package dev.onebinary.tasks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * What every batch of a run proves and records in its own transaction: that the run still holds its lease (its fencing
 * token is current and its lock session still holds the advisory lock), and where the run got to (its cursor, with its
 * counts so far). A batch that cannot prove the lease commits nothing.
 */
final class Guard {

    /**
     * One row while the lease holds, locking the lease row until the batch commits: a run taking over waits for the
     * batch in flight, then moves the fence, and the stale run's next batch finds no row.
     */
    static final String LEASE = "SELECT 1 FROM task_leases l WHERE l.task = ? AND l.shard = ? AND l.fence = ?"
            + " AND EXISTS (SELECT 1 FROM pg_locks k WHERE k.locktype = 'advisory' AND k.classid = ?::int::oid"
            + " AND k.objid = ?::int::oid AND k.objsubid = 2 AND k.pid = ? AND k.granted) FOR UPDATE OF l";

    private static final String SAVE_COLUMNS =
            "(task, arguments, shard, position, last_key, complete, examined, changed, run_id)";
    private static final String ON_CONFLICT = " ON CONFLICT (task, arguments, shard) DO UPDATE SET"
            + " position = EXCLUDED.position, last_key = EXCLUDED.last_key, complete = EXCLUDED.complete,"
            + " examined = EXCLUDED.examined, changed = EXCLUDED.changed, run_id = EXCLUDED.run_id, updated_at = now()";

    private final TaskRunner.Run run;
    private final TaskLock.Lease lease;
    private long examined;
    private long changed;

    Guard(TaskRunner.Run run, TaskLock.Lease lease, long examined, long changed) {
        this.run = run;
        this.lease = lease;
        this.examined = examined;
        this.changed = changed;
    }

    long examined() {
        return examined;
    }

    long changed() {
        return changed;
    }

    /** Counts a committed batch into the run's totals. */
    void committed(Work.Step step) {
        examined += step.examined();
        changed += step.changed();
    }

    /** Binds {@link #LEASE}'s parameters from {@code index}; returns the next index. */
    int bindLease(PreparedStatement ps, int index) throws SQLException {
        ps.setString(index++, lease.task());
        ps.setString(index++, lease.shard());
        ps.setLong(index++, lease.fence());
        ps.setInt(index++, TaskLock.NAMESPACE);
        ps.setInt(index++, lease.lockKey());
        ps.setInt(index++, lease.lockPid());
        return index;
    }

    /** True while the lease holds; call first in a batch's transaction (it locks the lease row until commit). */
    boolean holds(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LEASE)) {
            bindLease(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Saves the cursor after a batch, in the batch's transaction: its position and the run's counts with it. */
    void save(Connection c, Work.Step step, boolean complete) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO task_cursors " + SAVE_COLUMNS + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)" + ON_CONFLICT)) {
            ps.setString(1, run.task());
            ps.setString(2, run.arguments());
            ps.setString(3, run.shard().toString());
            ps.setString(4, step.last().json());
            Long lastKey = integerKey(step.last());
            ps.setObject(5, lastKey, Types.BIGINT);
            ps.setBoolean(6, complete);
            ps.setLong(7, examined + step.examined());
            ps.setLong(8, changed + step.changed());
            ps.setObject(9, run.runId().orElse(null), Types.BIGINT);
            ps.executeUpdate();
        }
    }

    /**
     * The cursor upsert as the last part of a batch's single statement: {@code INSERT ... SELECT ... FROM source}, where
     * {@code source} yields one row with the new position as {@code position} (JSON text) and {@code last_key}, and
     * {@code examinedSql}/{@code changedSql} count the batch. Parameters: {@link #bindSave}.
     */
    static String saveFrom(String source, String examinedSql, String changedSql) {
        return "INSERT INTO task_cursors " + SAVE_COLUMNS + " SELECT ?, ?, ?, s.position, s.last_key, false, ? + "
                + examinedSql + ", ? + " + changedSql + ", ? FROM " + source + " s" + ON_CONFLICT;
    }

    /** Binds {@link #saveFrom}'s parameters from {@code index}; returns the next index. */
    int bindSave(PreparedStatement ps, int index) throws SQLException {
        ps.setString(index++, run.task());
        ps.setString(index++, run.arguments());
        ps.setString(index++, run.shard().toString());
        ps.setLong(index++, examined);
        ps.setLong(index++, changed);
        ps.setObject(index++, run.runId().orElse(null), Types.BIGINT);
        return index;
    }

    /** The bigint the previous release reads from {@code last_key}, when the position is a single integer key. */
    private static Long integerKey(Position position) {
        if (position.atStart() || position.json().startsWith("{")) {
            return null;
        }
        List<String> values = position.keyValues();
        if (values.size() != 1) {
            return null;
        }
        try {
            return Long.parseLong(values.getFirst());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
