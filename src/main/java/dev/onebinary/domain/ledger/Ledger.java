package dev.onebinary.domain.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.domain.DatabaseException;
import io.agroal.api.AgroalDataSource;
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

/**
 * The admin run ledger ({@code admin_runs}). Each write is its own auto-committed statement on its own connection, so
 * a run's row survives the rollback of the run's own work, and a read-only run can still be recorded.
 */
@ApplicationScoped
public class Ledger {

    /** Who started a run, and where. */
    public record Start(
            String command, List<String> arguments, String release, String host, String osUser, Instant startedAt) {}

    /** How a run ended. */
    public record Finish(Outcome outcome, int exitCode, String shard, Map<String, Object> summary, String error) {}

    private static final String UNDEFINED_TABLE = "42P01";

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
        String sql = "INSERT INTO admin_runs (command, arguments, release, host, os_user, started_at)"
                + " VALUES (?, ?::jsonb, ?, ?, ?, ?) RETURNING id";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, start.command());
            ps.setString(2, json(start.arguments()));
            ps.setString(3, start.release());
            ps.setString(4, start.host());
            ps.setString(5, start.osUser());
            ps.setObject(6, start.startedAt().atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(rs.getLong(1));
            }
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw new DatabaseException(e);
        }
    }

    /** Completes the run's row; writes it whole when {@link #start} could not. False when there is no ledger table. */
    public boolean finish(Optional<Long> id, Start start, Finish finish) {
        try (Connection c = dataSource.getConnection()) {
            if (id.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE admin_runs SET finished_at = clock_timestamp(),"
                        + " outcome = ?, exit_code = ?, shard = ?, summary = ?::jsonb, error = ? WHERE id = ?")) {
                    bindFinish(ps, finish, 1);
                    ps.setLong(6, id.get());
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO admin_runs (outcome, exit_code, shard,"
                        + " summary, error, command, arguments, release, host, os_user, started_at, finished_at)"
                        + " VALUES (?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?, ?, ?, ?, clock_timestamp())")) {
                    bindFinish(ps, finish, 1);
                    ps.setString(6, start.command());
                    ps.setString(7, json(start.arguments()));
                    ps.setString(8, start.release());
                    ps.setString(9, start.host());
                    ps.setString(10, start.osUser());
                    ps.setObject(11, start.startedAt().atOffset(ZoneOffset.UTC));
                    ps.executeUpdate();
                }
            }
            return true;
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return false;
            }
            throw new DatabaseException(e);
        }
    }

    /** Updates the summary of a run that is still going, so what it did so far survives if its process dies. */
    public void progress(long id, Map<String, Object> summary) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE admin_runs SET summary = ?::jsonb WHERE id = ?")) {
            ps.setString(1, json(summary));
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Records why the run was started (the console's {@code --reason}); the caller masks it. */
    public void recordReason(long id, String reason) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE admin_runs SET reason = ? WHERE id = ?")) {
            ps.setString(1, reason);
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Why the run was started, when it said so. */
    public Optional<String> reason(long id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT reason FROM admin_runs WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private void bindFinish(PreparedStatement ps, Finish finish, int first) throws SQLException {
        ps.setString(first, finish.outcome().value());
        ps.setInt(first + 1, finish.exitCode());
        if (finish.shard() == null) {
            ps.setNull(first + 2, Types.VARCHAR);
        } else {
            ps.setString(first + 2, finish.shard());
        }
        ps.setString(first + 3, json(finish.summary()));
        ps.setString(first + 4, finish.error());
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
        String sql = "SELECT id, command, arguments::text, release, host, os_user, shard, started_at, finished_at,"
                + " outcome, exit_code, summary::text, error FROM admin_runs" + where + " ORDER BY id DESC LIMIT ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
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
                            rs.getString(13)));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable ledger row", e);
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

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
