package dev.onebinary.web.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.domain.DatabaseException;
import dev.onebinary.domain.ledger.StatementLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The admin pages' read-only queries over the ledger ({@code admin_runs}, {@code admin_run_statements},
 * {@code task_cursors}, {@code formation}). Every list is a keyset page on an index, so a page costs the same with a
 * hundred rows or millions: the newest runs on {@code admin_runs_started_at}, a command, an outcome or a release on
 * their {@code (column, id DESC)} index. Nothing here writes.
 */
@ApplicationScoped
public class RunQueries {

    /** A query and its parameters, in order. */
    record Sql(String text, List<Object> params) {
        PreparedStatement prepare(Connection c) throws SQLException {
            PreparedStatement ps = c.prepareStatement(text);
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps;
        }
    }

    /** What the runs list is narrowed to; {@code before} is the id of the last run of the previous page. */
    public record Filter(
            Optional<String> command,
            Optional<String> outcome,
            Optional<String> release,
            Optional<OffsetDateTime> from,
            Optional<OffsetDateTime> to,
            Optional<Long> before) {

        public static final Filter NONE = new Filter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());

        /** Narrowed to one value of an indexed column: paged by id on that column's index. */
        boolean byValue() {
            return command.isPresent() || outcome.isPresent() || release.isPresent();
        }

        Filter before(long id) {
            return new Filter(command, outcome, release, from, to, Optional.of(id));
        }
    }

    /** One page of runs, newest first; {@code older} is the {@code before} of the next page, when there is one. */
    public record Page(List<Run> runs, Optional<Long> older) {}

    /** Where a task run left its cursor ({@code task_cursors} rows last saved by that run). */
    public record Cursor(
            String task,
            String arguments,
            String shard,
            String position,
            boolean complete,
            long examined,
            long changed,
            OffsetDateTime updatedAt) {}

    /** A web or worker process that registered itself in {@code formation}. */
    public record Process(
            String type,
            String release,
            String host,
            Integer pid,
            OffsetDateTime startedAt,
            OffsetDateTime lastSeenAt) {}

    static final String UNDEFINED_TABLE = "42P01";
    static final String UNDEFINED_COLUMN = "42703";

    private static final String LIST_COLUMNS = "id, command, arguments::text, release, host, os_user,"
            + " coalesce(shard, summary ->> 'shard'), started_at, finished_at, outcome, exit_code, heartbeat_at";
    private static final String ALL_COLUMNS =
            LIST_COLUMNS + ", error, reason, summary::text, context::text, clock_timestamp()";
    /** A list shows the first lines of an error, not the summaries. */
    private static final String ROW_COLUMNS =
            LIST_COLUMNS + ", left(error, 300), reason, '{}', '{}', clock_timestamp()";

    private static final int MAX_RUNNING = 200;
    private static final int MAX_VALUES = 100;

    private final DataSource dataSource;
    private final ObjectMapper mapper;

    RunQueries(DataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    /** A page of runs, newest first. */
    public Page page(Filter filter, int size) {
        List<Run> runs = runs(list(filter, size + 1));
        if (runs.size() <= size) {
            return new Page(runs, Optional.empty());
        }
        List<Run> shown = runs.subList(0, size);
        return new Page(List.copyOf(shown), Optional.of(shown.getLast().id()));
    }

    /**
     * The query of a page: narrowed to a command, an outcome or a release, it walks that column's {@code (column, id
     * DESC)} index by id; otherwise the {@code started_at} index, newest first, with the id breaking ties.
     */
    static Sql list(Filter f, int limit) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        f.command().ifPresent(v -> condition(where, params, "command = ?", v));
        f.outcome().ifPresent(v -> condition(where, params, "outcome = ?", v));
        // As a range, not "release = ?": with an equality the planner may walk the primary key backwards past every
        // newer run of other releases (an old release's page read 2,424 buffers on 100,000 runs); ordered by
        // (release, id DESC) the release's own index is the only cheap way.
        f.release().ifPresent(v -> {
            condition(where, params, "release BETWEEN ? AND ?", v);
            params.add(v);
        });
        f.from().ifPresent(v -> condition(where, params, "started_at >= ?", v));
        f.to().ifPresent(v -> condition(where, params, "started_at < ?", v));
        String order;
        if (f.byValue()) {
            f.before().ifPresent(v -> condition(where, params, "id < ?", v));
            order = f.release().isPresent() ? " ORDER BY release, id DESC" : " ORDER BY id DESC";
        } else {
            f.before()
                    .ifPresent(v -> condition(
                            where,
                            params,
                            "(started_at, id) < (SELECT b.started_at, b.id FROM admin_runs b WHERE b.id = ?)",
                            v));
            order = " ORDER BY started_at DESC, id DESC";
        }
        params.add(limit);
        return new Sql("SELECT " + ROW_COLUMNS + " FROM admin_runs" + where(where) + order + " LIMIT ?", params);
    }

    /** The runs still marked running, newest first, with their summaries (the progress a task last wrote). */
    public List<Run> running() {
        return runs(running(MAX_RUNNING));
    }

    static Sql running(int limit) {
        return new Sql(
                "SELECT " + ALL_COLUMNS + " FROM admin_runs WHERE outcome = 'running' ORDER BY id DESC LIMIT ?",
                List.of(limit));
    }

    /** One run with everything the ledger holds about it. */
    public Optional<Run> run(long id) {
        return runs(new Sql("SELECT " + ALL_COLUMNS + " FROM admin_runs WHERE id = ?", List.of(id))).stream()
                .findFirst();
    }

    /** How many runs ended with this outcome since {@code since} ago. */
    public long countSince(String outcome, Duration since) {
        return single(countSince(outcome, since.toMillis() / 1000.0));
    }

    static Sql countSince(String outcome, double seconds) {
        return new Sql(
                "SELECT count(*) FROM admin_runs WHERE outcome = ?"
                        + " AND started_at > clock_timestamp() - make_interval(secs => ?)",
                List.of(outcome, seconds));
    }

    /** The commands in the ledger, for the filter (a skip scan of their index: one probe per command). */
    public List<String> commands() {
        return strings(distinct("command"));
    }

    /** The releases in the ledger, the one that ran last first. */
    public List<String> releases() {
        return strings(distinct("release"));
    }

    /**
     * Distinct values of an indexed column as a loose index scan over its {@code (column, id DESC)} index: each step
     * asks the index for the first entry after the last value, which is the next value with its newest run, so it
     * reads as many index entries as there are values, not rows; ordered by each value's newest run. (A separate
     * {@code max(id) WHERE column = value} let the planner walk the primary key backwards through every newer run of
     * other values: 10,000 pages for the oldest release of 100,000 runs.)
     */
    static Sql distinct(String column) {
        return new Sql(
                "WITH RECURSIVE v(value, newest) AS ("
                        + " (SELECT " + column + ", id FROM admin_runs ORDER BY " + column + ", id DESC LIMIT 1)"
                        + " UNION ALL SELECT n." + column + ", n.id FROM v CROSS JOIN LATERAL (SELECT r." + column
                        + ", r.id FROM admin_runs r WHERE r." + column + " > v.value ORDER BY r." + column
                        + ", r.id DESC LIMIT 1) n)"
                        + " SELECT v.value FROM v ORDER BY v.newest DESC LIMIT ?",
                List.of(MAX_VALUES));
    }

    /** The statements of a console session after {@code afterSeq}, in order. */
    public List<StatementLog.Entry> statements(long runId, int afterSeq, int limit) {
        Sql sql = statementsSql(runId, afterSeq, limit);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = sql.prepare(c);
                ResultSet rs = ps.executeQuery()) {
            List<StatementLog.Entry> statements = new ArrayList<>();
            while (rs.next()) {
                statements.add(StatementLog.Entry.read(rs));
            }
            return statements;
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return List.of();
            }
            throw new DatabaseException(e);
        }
    }

    static Sql statementsSql(long runId, int afterSeq, int limit) {
        return new Sql(
                "SELECT seq, language, statement, started_at, duration_ms, rows_returned, rows_changed, outcome,"
                        + " transaction, error FROM admin_run_statements WHERE run_id = ? AND seq > ? ORDER BY seq"
                        + " LIMIT ?",
                List.of(runId, afterSeq, limit));
    }

    /** How many statements a console session ran. */
    public long statementCount(long runId) {
        try {
            return single(new Sql("SELECT count(*) FROM admin_run_statements WHERE run_id = ?", List.of(runId)));
        } catch (DatabaseException e) {
            if (e.getCause() instanceof SQLException sql && UNDEFINED_TABLE.equals(sql.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    /** The cursors this run saved last (one per task arguments and shard). */
    public List<Cursor> cursors(long runId) {
        String sql = "SELECT task, arguments, shard, coalesce(position, last_key::text), complete, examined, changed,"
                + " updated_at FROM task_cursors WHERE run_id = ? ORDER BY task, arguments, shard";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, runId);
            List<Cursor> cursors = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cursors.add(new Cursor(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getBoolean(5),
                            rs.getLong(6),
                            rs.getLong(7),
                            rs.getObject(8, OffsetDateTime.class)));
                }
            }
            return cursors;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** The web and worker processes seen within {@code seen}; empty where no release registers them yet. */
    public List<Process> formation(Duration seen) {
        String sql = "SELECT process_type, release, host, pid, started_at, last_seen_at FROM formation"
                + " WHERE stopped_at IS NULL AND last_seen_at > clock_timestamp() - make_interval(secs => ?)"
                + " ORDER BY process_type, release, host";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDouble(1, seen.toMillis() / 1000.0);
            List<Process> processes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    processes.add(new Process(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            (Integer) rs.getObject(4),
                            rs.getObject(5, OffsetDateTime.class),
                            rs.getObject(6, OffsetDateTime.class)));
                }
            }
            return processes;
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return List.of();
            }
            throw new DatabaseException(e);
        }
    }

    private List<Run> runs(Sql sql) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = sql.prepare(c);
                ResultSet rs = ps.executeQuery()) {
            List<Run> runs = new ArrayList<>();
            while (rs.next()) {
                runs.add(new Run(
                        rs.getLong(1),
                        rs.getString(2),
                        read(rs.getString(3), new TypeReference<List<String>>() {}),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getObject(8, OffsetDateTime.class),
                        rs.getObject(9, OffsetDateTime.class),
                        rs.getString(10),
                        (Integer) rs.getObject(11),
                        rs.getObject(12, OffsetDateTime.class),
                        rs.getString(13),
                        rs.getString(14),
                        read(rs.getString(15), new TypeReference<Map<String, Object>>() {}),
                        read(rs.getString(16), new TypeReference<Map<String, Object>>() {}),
                        rs.getObject(17, OffsetDateTime.class)));
            }
            return runs;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private long single(Sql sql) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = sql.prepare(c);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private List<String> strings(Sql sql) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = sql.prepare(c);
                ResultSet rs = ps.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable ledger row", e);
        }
    }

    private static void condition(List<String> where, List<Object> params, String condition, Object value) {
        where.add(condition);
        params.add(value);
    }

    private static String where(List<String> conditions) {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }
}
