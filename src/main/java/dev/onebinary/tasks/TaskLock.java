package dev.onebinary.tasks;

import dev.onebinary.domain.DatabaseException;
import dev.onebinary.platform.Interruption;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * One run at a time per task and shard, across every process and replica: a PostgreSQL session advisory lock held on a
 * connection of its own for the whole run, plus a fencing token. Taking the lock increments the token
 * ({@code task_leases.fence}); every batch of the run requires its token and the lock session's lock in the same
 * transaction as its changes (see {@link Guard}), so a run whose lock connection was terminated cannot commit another
 * batch, and once another run has taken over PostgreSQL refuses the stale one. The holder's session is named after its
 * ledger run, so a run that finds the lock taken can say who holds it.
 */
@ApplicationScoped
class TaskLock {

    /** The first key of every task lock: "ap" in ASCII, to keep clear of other users of advisory locks. */
    static final int NAMESPACE = 0x6170;

    private static final String HOLDER_PREFIX = "app run ";

    /** The lease a run holds: its fencing token, and the lock session that must still hold the advisory lock. */
    record Lease(String task, String shard, long fence, int lockKey, int lockPid) {}

    /** A held lock; closing releases it. */
    static final class Held implements AutoCloseable {
        private final Connection connection;
        private final Lease lease;

        private Held(Connection connection, Lease lease) {
            this.connection = connection;
            this.lease = lease;
        }

        Lease lease() {
            return lease;
        }

        @Override
        public void close() {
            try (connection;
                    PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                ps.setInt(1, NAMESPACE);
                ps.setInt(2, lease.lockKey());
                ps.execute();
                try (Statement s = connection.createStatement()) {
                    s.execute("RESET application_name");
                }
            } catch (SQLException e) {
                // The lock goes with the session: closing the connection releases it anyway.
            }
        }
    }

    private final AgroalDataSource dataSource;

    TaskLock(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Takes the lock of this task and shard, waiting up to {@code wait} (and no longer than a stop request), then
     * takes the lease: the next fencing token. Empty when another run holds the lock; then {@link #holder} tells which.
     */
    Optional<Held> acquire(String task, Shard shard, Duration wait, Optional<Long> runId, Interruption stop) {
        int key = key(task, shard);
        long deadline = System.nanoTime() + wait.toNanos();
        Connection c = null;
        try {
            c = dataSource.getConnection();
            try (Statement s = c.createStatement()) {
                s.execute("SET application_name = '" + HOLDER_PREFIX
                        + runId.map(String::valueOf).orElse("?") + "'");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?), pg_backend_pid()")) {
                ps.setInt(1, NAMESPACE);
                ps.setInt(2, key);
                while (true) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            Lease lease = lease(c, task, shard.toString(), runId, key, rs.getInt(2));
                            Held held = new Held(c, lease);
                            c = null;
                            return Optional.of(held);
                        }
                    }
                    if (System.nanoTime() >= deadline || stop.requested()) {
                        return Optional.empty();
                    }
                    stop.pause(
                            Duration.ofMillis(Math.min(250, Math.max(1, (deadline - System.nanoTime()) / 1_000_000))));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        } finally {
            if (c != null) {
                try (Connection unused = c;
                        Statement s = c.createStatement()) {
                    s.execute("RESET application_name");
                } catch (SQLException ignored) {
                    // the connection is being closed
                }
            }
        }
    }

    /** The next fencing token of this task and shard, owned by this run from now on. */
    private static Lease lease(Connection c, String task, String shard, Optional<Long> runId, int key, int pid)
            throws SQLException {
        String sql = "INSERT INTO task_leases (task, shard, fence, run_id) VALUES (?, ?, 1, ?)"
                + " ON CONFLICT (task, shard) DO UPDATE SET fence = task_leases.fence + 1, run_id = EXCLUDED.run_id,"
                + " acquired_at = now() RETURNING fence";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, task);
            ps.setString(2, shard);
            ps.setObject(3, runId.orElse(null), java.sql.Types.BIGINT);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Lease(task, shard, rs.getLong(1), key, pid);
            }
        }
    }

    /** The ledger run id of the session holding this task's lock in this database, if it is known. */
    Optional<Long> holder(String task, Shard shard) {
        String sql = "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ?::int::oid AND l.objid = ?::int::oid"
                + " AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, NAMESPACE);
            ps.setInt(2, key(task, shard));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null && rs.getString(1).startsWith(HOLDER_PREFIX)) {
                    return parseRunId(rs.getString(1).substring(HOLDER_PREFIX.length()));
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /**
     * Who took this lease over, if anyone did: a newer fencing token for the task and shard means another run took the
     * lock after this one lost it ("run 42", or "another run" when it was not recorded in the ledger). Empty when this
     * lease is still the newest, so the lock was lost with its session and nobody has taken over.
     */
    Optional<String> takenOverBy(Lease lease) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT fence, run_id FROM task_leases WHERE task = ? AND shard = ?")) {
            ps.setString(1, lease.task());
            ps.setString(2, lease.shard());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) <= lease.fence()) {
                    return Optional.empty();
                }
                Object runId = rs.getObject(2);
                return Optional.of(runId == null ? "another run" : "run " + runId);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private static Optional<Long> parseRunId(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static int key(String task, Shard shard) {
        return (task + " " + shard).hashCode() & 0x7fffffff;
    }
}
