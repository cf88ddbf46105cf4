package dev.onebinary.domain.migration;

import dev.onebinary.platform.Secrets;
import io.quarkus.logging.Log;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Watches the running migration from another connection while it waits for a lock, and remembers who blocked it:
 * once the lock timeout has fired the waiting is over and PostgreSQL can no longer say. Polls several times per
 * lock timeout; costs one small query per poll, only while a migration runs.
 */
final class LockWatch implements AutoCloseable {

    private static final int QUERY_CHARS = 60;

    private final DataSource dataSource;
    private final RunningMigration running;
    private final Duration interval;
    private final Map<Integer, Blocker> blockers = new LinkedHashMap<>();
    private volatile String waitedFor;
    private volatile boolean stopped;
    private final Thread thread;

    LockWatch(DataSource dataSource, RunningMigration running, Duration lockTimeout) {
        this.dataSource = dataSource;
        this.running = running;
        this.interval = Duration.ofMillis(Math.max(20, Math.min(250, lockTimeout.toMillis() / 5)));
        this.thread = Thread.ofPlatform().daemon().name("migration-lock-watch").unstarted(this::watch);
        thread.start();
    }

    /** Forgets what the previous attempt saw. */
    synchronized void reset() {
        blockers.clear();
        waitedFor = null;
    }

    synchronized List<Blocker> blockers() {
        return new ArrayList<>(blockers.values());
    }

    /** The lock the migration waited for: {@code ACCESS EXCLUSIVE on records}, or null when none was seen. */
    String waitedFor() {
        return waitedFor;
    }

    private void watch() {
        try (Connection c = dataSource.getConnection()) {
            while (!stopped) {
                int pid = running.now().pid();
                if (pid != 0) {
                    poll(c, pid);
                }
                Thread.sleep(interval);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            Log.debugf("the lock watch stopped: %s", e.getMessage());
        }
    }

    private void poll(Connection c, int pid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT l.mode, coalesce(l.relation::regclass::text,"
                + " l.locktype) FROM pg_locks l WHERE l.pid = ? AND NOT l.granted LIMIT 1")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                waitedFor = LockModes.name(rs.getString(1)) + " on " + rs.getString(2);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT a.pid, coalesce(a.application_name, ''),"
                + " coalesce(a.usename::text, ''), coalesce(a.state, ''),"
                + " coalesce(extract(epoch FROM clock_timestamp() - coalesce(a.xact_start, a.backend_start))::bigint,"
                + " 0), coalesce(a.query, '') FROM pg_stat_activity a WHERE a.pid = ANY (pg_blocking_pids(?))")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Blocker b = new Blocker(
                            rs.getInt(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getLong(5),
                            shorten(rs.getString(6)));
                    synchronized (this) {
                        blockers.put(b.pid(), b);
                    }
                }
            }
        }
    }

    private static String shorten(String query) {
        String oneLine = Secrets.maskInText(query.replaceAll("\\s+", " ").strip());
        return oneLine.length() <= QUERY_CHARS ? oneLine : oneLine.substring(0, QUERY_CHARS) + "...";
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
