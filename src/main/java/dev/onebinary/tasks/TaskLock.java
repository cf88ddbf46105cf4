package dev.onebinary.tasks;

import dev.onebinary.domain.DatabaseException;
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
 * One run at a time per task and shard, across every process and replica: a PostgreSQL session advisory lock held
 * on a connection of its own for the whole run. The holder's session is named after its ledger run, so a run that
 * finds the lock taken can say who holds it. PostgreSQL frees the lock when the holder's connection ends, even if
 * the process was killed.
 */
@ApplicationScoped
class TaskLock {

    /** The first key of every task lock: "ap" in ASCII, to keep clear of other users of advisory locks. */
    static final int NAMESPACE = 0x6170;

    private static final String HOLDER_PREFIX = "app run ";

    /** A held lock; closing releases it. */
    static final class Held implements AutoCloseable {
        private final Connection connection;
        private final int key;

        private Held(Connection connection, int key) {
            this.connection = connection;
            this.key = key;
        }

        @Override
        public void close() {
            try (connection;
                    PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                ps.setInt(1, NAMESPACE);
                ps.setInt(2, key);
                ps.execute();
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
     * Takes the lock of this task and shard, waiting up to {@code wait}. Empty when another run holds it; then
     * {@link #holder} tells which.
     */
    Optional<Held> acquire(String task, Shard shard, Duration wait, Optional<Long> runId) throws InterruptedException {
        int key = key(task, shard);
        long deadline = System.nanoTime() + wait.toNanos();
        Connection c = null;
        try {
            c = dataSource.getConnection();
            try (Statement s = c.createStatement()) {
                s.execute("SET application_name = '" + HOLDER_PREFIX
                        + runId.map(String::valueOf).orElse("?") + "'");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                ps.setInt(1, NAMESPACE);
                ps.setInt(2, key);
                while (true) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            Held held = new Held(c, key);
                            c = null;
                            return Optional.of(held);
                        }
                    }
                    if (System.nanoTime() >= deadline) {
                        return Optional.empty();
                    }
                    Thread.sleep(Math.min(250, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
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

    /** The ledger run id of the session holding this task's lock, if it is known. */
    Optional<Long> holder(String task, Shard shard) {
        String sql = "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ?::int::oid AND l.objid = ?::int::oid"
                + " AND l.objsubid = 2";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, NAMESPACE);
            ps.setInt(2, key(task, shard));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null && rs.getString(1).startsWith(HOLDER_PREFIX)) {
                    try {
                        return Optional.of(Long.parseLong(rs.getString(1).substring(HOLDER_PREFIX.length())));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    static int key(String task, Shard shard) {
        return (task + " " + shard).hashCode() & 0x7fffffff;
    }
}
