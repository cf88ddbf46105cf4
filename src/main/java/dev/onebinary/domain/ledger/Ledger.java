package dev.onebinary.domain.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.domain.DatabaseException;
import dev.onebinary.platform.DatabaseFailures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The admin run ledger ({@code admin_runs}). Each write is its own auto-committed statement on a connection that is
 * never part of a run's transaction, so a run's row survives the rollback of the run's own work and a read-only run can
 * still be recorded. Writes tolerate the schema of the previous release (a new release's {@code migrate} starts
 * before its own migrations have added the ledger's new columns) and the completion of a run retries for a while when
 * the database is briefly unreachable, so a run that outlived an outage is not left {@code running}.
 */
@ApplicationScoped
public class Ledger {

    /** Who started a run, where, and why. */
    public record Start(
            String command,
            List<String> arguments,
            String release,
            String host,
            String osUser,
            Instant startedAt,
            String reason) {}

    /** How a run ended; {@code context} is what the run saw when it started (schema, formation). */
    public record Finish(
            Outcome outcome,
            int exitCode,
            String shard,
            Map<String, Object> summary,
            Map<String, Object> context,
            String error) {}

    private static final String UNDEFINED_TABLE = "42P01";
    private static final String UNDEFINED_COLUMN = "42703";
    private static final long[] FINISH_BACKOFF_MS = {250, 500, 1000, 2000, 3000, 4000};
    private static final String COLUMNS = "id, command, arguments::text, release, host, os_user, shard, started_at,"
            + " finished_at, outcome, exit_code, summary::text, error";
    private static final String ROUND_TWO_COLUMNS = ", reason, context::text, heartbeat_at";

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    Ledger(AgroalDataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    /**
     * Writes the row of a run that starts now, in state running. Empty when the ledger table does not exist yet (the
     * first {@code migrate} of an empty database creates it): {@link #finish} then writes the whole row at the end.
     */
    public Optional<Long> start(Start start) {
        return outsideTransaction(() -> {
            try (Connection c = dataSource.getConnection()) {
                try {
                    return Optional.of(insertStart(c, start, true));
                } catch (SQLException e) {
                    if (!UNDEFINED_COLUMN.equals(e.getSQLState())) {
                        throw e;
                    }
                    return Optional.of(insertStart(c, start, false));
                }
            } catch (SQLException e) {
                if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                    return Optional.<Long>empty();
                }
                throw new DatabaseException(e);
            }
        });
    }

    private long insertStart(Connection c, Start start, boolean roundTwo) throws SQLException {
        String sql = "INSERT INTO admin_runs (command, arguments, release, host, os_user, started_at"
                + (roundTwo
                        ? ", reason, heartbeat_at) VALUES (?, ?::jsonb, ?, ?, ?, ?, ?, clock_timestamp())"
                        : ")" + " VALUES (?, ?::jsonb, ?, ?, ?, ?)")
                + " RETURNING id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, start.command());
            ps.setString(2, json(start.arguments()));
            ps.setString(3, start.release());
            ps.setString(4, start.host());
            ps.setString(5, start.osUser());
            ps.setObject(6, start.startedAt().atOffset(ZoneOffset.UTC));
            if (roundTwo) {
                ps.setString(7, start.reason());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Completes the run's row; writes it whole when {@link #start} could not. False when there is no ledger table.
     * Retries for a few seconds while the database is unreachable (a restart, a failover).
     */
    public boolean finish(Optional<Long> id, Start start, Finish finish) {
        for (int attempt = 0; ; attempt++) {
            try {
                return outsideTransaction(() -> writeFinish(id, start, finish));
            } catch (DatabaseException e) {
                if (!DatabaseFailures.isUnavailable(e) || attempt >= FINISH_BACKOFF_MS.length) {
                    throw e;
                }
                sleep(FINISH_BACKOFF_MS[attempt]);
            }
        }
    }

    private boolean writeFinish(Optional<Long> id, Start start, Finish finish) {
        try (Connection c = dataSource.getConnection()) {
            try {
                writeFinish(c, id, start, finish, true);
            } catch (SQLException e) {
                if (!UNDEFINED_COLUMN.equals(e.getSQLState())) {
                    throw e;
                }
                writeFinish(c, id, start, finish, false);
            }
            return true;
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return false;
            }
            throw new DatabaseException(e);
        }
    }

    private void writeFinish(Connection c, Optional<Long> id, Start start, Finish finish, boolean roundTwo)
            throws SQLException {
        String finishColumns = "outcome, exit_code, shard, summary, error" + (roundTwo ? ", context, reason" : "");
        if (id.isPresent()) {
            String sql = "UPDATE admin_runs SET finished_at = clock_timestamp(), outcome = ?, exit_code = ?, shard = ?,"
                    + " summary = ?::jsonb, error = ?"
                    + (roundTwo ? ", context = ?::jsonb, reason = ?, heartbeat_at = clock_timestamp()" : "")
                    + " WHERE id = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int next = bindFinish(ps, start, finish, roundTwo);
                ps.setLong(next, id.get());
                ps.executeUpdate();
            }
            return;
        }
        String sql = "INSERT INTO admin_runs (" + finishColumns
                + ", command, arguments, release, host, os_user, started_at, finished_at) VALUES (?, ?, ?, ?::jsonb, ?"
                + (roundTwo ? ", ?::jsonb, ?" : "") + ", ?, ?::jsonb, ?, ?, ?, ?, clock_timestamp())";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindFinish(ps, start, finish, roundTwo);
            ps.setString(i++, start.command());
            ps.setString(i++, json(start.arguments()));
            ps.setString(i++, start.release());
            ps.setString(i++, start.host());
            ps.setString(i++, start.osUser());
            ps.setObject(i, start.startedAt().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    private int bindFinish(PreparedStatement ps, Start start, Finish finish, boolean roundTwo) throws SQLException {
        int i = 1;
        ps.setString(i++, finish.outcome().value());
        ps.setInt(i++, finish.exitCode());
        if (finish.shard() == null) {
            ps.setNull(i++, Types.VARCHAR);
        } else {
            ps.setString(i++, finish.shard());
        }
        ps.setString(i++, json(finish.summary()));
        ps.setString(i++, finish.error());
        if (roundTwo) {
            ps.setString(i++, json(finish.context()));
            ps.setString(i++, start.reason());
        }
        return i;
    }

    /**
     * Updates the summary of a run that is still going, so what it did so far survives if its process dies, and moves
     * its heartbeat (a running row whose heartbeat stops moving belongs to a process that died).
     */
    public void progress(long id, Map<String, Object> summary) {
        outsideTransaction(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE admin_runs SET summary = ?::jsonb, heartbeat_at = clock_timestamp() WHERE id = ?")) {
                    ps.setString(1, json(summary));
                    ps.setLong(2, id);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (!UNDEFINED_COLUMN.equals(e.getSQLState())) {
                        throw e;
                    }
                    try (PreparedStatement ps =
                            c.prepareStatement("UPDATE admin_runs SET summary = ?::jsonb WHERE id = ?")) {
                        ps.setString(1, json(summary));
                        ps.setLong(2, id);
                        ps.executeUpdate();
                    }
                }
                return null;
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
        });
    }

    /** One run by id. */
    public Optional<AdminRun> find(long id) {
        return query(" WHERE id = ?", Optional.of(id), Optional.empty(), 1).stream()
                .findFirst();
    }

    /** The newest runs first, optionally of one command. */
    public List<AdminRun> recent(Optional<String> command, int limit) {
        return query(command.isPresent() ? " WHERE command = ?" : "", Optional.empty(), command, limit);
    }

    private List<AdminRun> query(String where, Optional<Long> id, Optional<String> command, int limit) {
        try (Connection c = dataSource.getConnection()) {
            try {
                return query(c, COLUMNS + ROUND_TWO_COLUMNS, where, id, command, limit);
            } catch (SQLException e) {
                if (!UNDEFINED_COLUMN.equals(e.getSQLState())) {
                    throw e;
                }
                return query(c, COLUMNS, where, id, command, limit);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable ledger row", e);
        }
    }

    private List<AdminRun> query(
            Connection c, String columns, String where, Optional<Long> id, Optional<String> command, int limit)
            throws SQLException, JsonProcessingException {
        String sql = "SELECT " + columns + " FROM admin_runs" + where + " ORDER BY id DESC LIMIT ?";
        boolean roundTwo = columns.endsWith(ROUND_TWO_COLUMNS);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (id.isPresent()) {
                ps.setLong(i++, id.get());
            }
            if (command.isPresent()) {
                ps.setString(i++, command.get());
            }
            ps.setInt(i, limit);
            List<AdminRun> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(new AdminRun(
                            rs.getLong(1),
                            rs.getString(2),
                            mapper.readValue(rs.getString(3), new TypeReference<List<String>>() {}),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getObject(8, OffsetDateTime.class),
                            rs.getObject(9, OffsetDateTime.class),
                            rs.getString(10),
                            (Integer) rs.getObject(11),
                            mapper.readValue(rs.getString(12), new TypeReference<Map<String, Object>>() {}),
                            rs.getString(13),
                            roundTwo ? rs.getString(14) : null,
                            roundTwo
                                    ? mapper.readValue(rs.getString(15), new TypeReference<Map<String, Object>>() {})
                                    : Map.of(),
                            roundTwo ? rs.getObject(16, OffsetDateTime.class) : null));
                }
            }
            return runs;
        }
    }

    /** For each migration version, the release whose {@code migrate} run applied it (from the runs' summaries). */
    public Map<String, String> migrationReleases() {
        String sql = "SELECT v.version, r.release FROM admin_runs r,"
                + " jsonb_array_elements_text(COALESCE(r.summary -> 'applied', '[]'::jsonb)) AS v(version)"
                + " WHERE r.command = 'migrate' ORDER BY r.id";
        Map<String, String> releases = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                releases.put(rs.getString(1), rs.getString(2));
            }
            return releases;
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return releases;
            }
            throw new DatabaseException(e);
        }
    }

    /** Runs a write outside any transaction of the caller, so it commits whatever becomes of the caller's work. */
    private static <T> T outsideTransaction(Callable<T> write) {
        return QuarkusTransaction.suspendingExisting().call(write);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Log.debug("interrupted while waiting to complete a ledger row");
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
