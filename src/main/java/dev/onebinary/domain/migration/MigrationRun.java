package dev.onebinary.domain.migration;

import dev.onebinary.platform.Durations;
import dev.onebinary.platform.Failures;
import io.quarkus.logging.Log;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;

/**
 * One {@code app migrate}: applies the pending migrations and, when one hits the lock timeout, tries again after a
 * growing pause, a bounded number of times, logging one line per attempt with the sessions that blocked it. A
 * transactional migration that timed out was rolled back whole; a non-transactional one (CREATE INDEX CONCURRENTLY)
 * may leave an INVALID index and a failed history row, which are cleaned up before the next attempt.
 */
final class MigrationRun {

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Flyway flyway;
    private final DataSource dataSource;
    private final MigrateConfig config;
    private final RunningMigration running;

    MigrationRun(Flyway flyway, DataSource dataSource, MigrateConfig config, RunningMigration running) {
        this.flyway = flyway;
        this.dataSource = dataSource;
        this.config = config;
        this.running = running;
    }

    Migrations.Outcome run(String before, Consumer<Migrations.Applied> progress) {
        List<Migrations.Applied> applied = new ArrayList<>();
        int attempts = config.lockRetries() + 1;
        try (Connection control = dataSource.getConnection();
                LockWatch watch = new LockWatch(dataSource, running, config.lockTimeout())) {
            for (int attempt = 1; ; attempt++) {
                List<InvalidIndex> invalidBefore = invalidIndexes(control);
                watch.reset();
                try {
                    MigrateResult result = flyway.migrate();
                    record(applied(result), applied, progress);
                    String after =
                            applied.isEmpty() ? before : applied.getLast().version();
                    return new Migrations.Outcome(before, after, applied);
                } catch (FlywayMigrateException e) {
                    if (e.getErrorResult() != null) {
                        record(applied(e.getErrorResult()), applied, progress);
                    }
                    String script = e.getMigration() == null
                            ? "a migration"
                            : e.getMigration().getScript();
                    List<InvalidIndex> left = new ArrayList<>(invalidIndexes(control));
                    left.removeAll(invalidBefore);
                    if (!isLockTimeout(e)) {
                        throw MigrationFailed.of(
                                script, Failures.oneLine(e), applied, left, e.isExecutableInTransaction());
                    }
                    if (!e.isExecutableInTransaction()) {
                        left = cleanUp(control, script, left);
                    }
                    Duration lockTimeout = script.equals(running.last().script())
                            ? running.last().lockTimeout()
                            : config.lockTimeout();
                    List<Blocker> blockers = watch.blockers();
                    // An INVALID index that cannot be dropped now would make the next attempt fail on its name, or
                    // (IF NOT EXISTS) succeed without a usable index: stop and name it.
                    boolean last = attempt >= attempts || !left.isEmpty();
                    Duration pause = backoff(attempt);
                    Log.warnf(
                            "migration %s: attempt %d of %d found no lock within %s%s; %s; %s",
                            script,
                            attempt,
                            attempts,
                            Durations.format(lockTimeout),
                            watch.waitedFor() == null ? "" : " (waited for " + watch.waitedFor() + ")",
                            blockers.isEmpty()
                                    ? "blockers not seen"
                                    : "blocked by "
                                            + String.join(
                                                    "; ",
                                                    blockers.stream()
                                                            .map(Blocker::describe)
                                                            .toList()),
                            last ? "giving up" : "retrying in " + Durations.format(pause));
                    if (last) {
                        throw new MigrationBlocked(
                                script,
                                attempt,
                                lockTimeout,
                                watch.waitedFor(),
                                blockers,
                                applied,
                                Migrations.current(flyway.info()),
                                left);
                    }
                    sleep(pause);
                }
            }
        } catch (SQLException e) {
            throw new dev.onebinary.domain.DatabaseException(e);
        }
    }

    private Duration backoff(int attempt) {
        Duration pause = config.retryBackoff().multipliedBy(1L << Math.min(20, attempt - 1));
        return pause.compareTo(config.retryBackoffMax()) > 0 ? config.retryBackoffMax() : pause;
    }

    /**
     * After a non-transactional migration timed out: drops the INVALID indexes this attempt left (its own, so
     * dropping them is safe) and deletes the failed history row Flyway wrote, so the next attempt starts clean.
     * What cannot be dropped is returned, to be named in the report.
     */
    private List<InvalidIndex> cleanUp(Connection c, String script, List<InvalidIndex> left) {
        List<InvalidIndex> remaining = new ArrayList<>();
        try {
            for (InvalidIndex index : left) {
                try (Statement s = c.createStatement()) {
                    s.execute(index.dropStatement());
                    Log.warnf("dropped %s, left by the timed-out attempt", index.describe());
                } catch (SQLException e) {
                    remaining.add(index);
                }
            }
            String table = flyway.getConfiguration().getTable();
            String schema = flyway.getConfiguration().getDefaultSchema();
            String qualified = schema == null ? table : schema + "." + table;
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM " + qualified + " WHERE NOT success AND script = ?")) {
                ps.setString(1, script);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            Log.warnf("cannot clean up after %s: %s", script, e.getMessage());
        }
        return remaining;
    }

    private static List<InvalidIndex> invalidIndexes(Connection c) {
        try {
            return InvalidIndex.find(c);
        } catch (SQLException e) {
            return List.of();
        }
    }

    private static void record(
            List<Migrations.Applied> now, List<Migrations.Applied> all, Consumer<Migrations.Applied> progress) {
        now.forEach(progress);
        all.addAll(now);
    }

    static List<Migrations.Applied> applied(MigrateResult result) {
        List<Migrations.Applied> applied = new ArrayList<>();
        for (MigrateOutput m : result.migrations) {
            if (m.rolledBack == null || !m.rolledBack) {
                applied.add(new Migrations.Applied(m.version, m.description, m.executionTime));
            }
        }
        return applied;
    }

    /**
     * A lock timeout ({@code 55P03}): {@link Failures#isLockTimeout} reads the cause chain; Flyway also keeps the SQL
     * state on its own exception.
     */
    private static boolean isLockTimeout(FlywayMigrateException e) {
        return Failures.isLockTimeout(e) || LOCK_NOT_AVAILABLE.equals(e.getSqlState());
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
