package dev.onebinary.tasks;

import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The work of a {@link TableTask}: a keyset walk over a declared {@link Selection}. The framework writes every query
 * from the declaration: the batch, the count, the dry run, the shard predicate, the key comparison for any key type. A
 * declared {@link Change} makes each batch one statement (select, change, re-check, lease, cursor); otherwise the
 * task's {@code process} runs on the selected keys in the runner's transaction.
 */
final class Keyset implements Work {

    /** The key columns of a selection, with their SQL types read from the catalog. */
    record Columns(List<String> names, List<String> types) {

        /** One integer column (smallint, integer, bigint): sharded by remainder, shown as a number. */
        boolean integer() {
            return names.size() == 1 && List.of("smallint", "integer", "bigint").contains(types.getFirst());
        }

        /** The key as one text value, for hashing into shards. */
        String asText() {
            return names.stream().map(n -> n + "::text").collect(Collectors.joining(" || '|' || "));
        }

        String list(String prefix) {
            return names.stream().map(n -> prefix + n).collect(Collectors.joining(", "));
        }

        /** {@code t.a, t.b} as {@code k_1, k_2}: names that no condition of the task can mean. */
        String aliased(String prefix) {
            return IntStream.range(0, names.size())
                    .mapToObj(i -> prefix + names.get(i) + " AS k_" + (i + 1))
                    .collect(Collectors.joining(", "));
        }

        String aliases(String prefix) {
            return IntStream.range(0, names.size())
                    .mapToObj(i -> prefix + "k_" + (i + 1))
                    .collect(Collectors.joining(", "));
        }

        /** {@code (a, b) > (?::t1, ?::t2)}: the keyset comparison after a position. */
        String after(String prefix) {
            String placeholders = types.stream().map(t -> "?::" + t).collect(Collectors.joining(", "));
            return "(" + list(prefix) + ") > (" + placeholders + ")";
        }

        String descending(String prefix) {
            return names.stream().map(n -> prefix + n + " DESC").collect(Collectors.joining(", "));
        }
    }

    private final TableTask task;
    private final Selection selection;
    private final Change change;
    private final Shard shard;
    private final Columns key;

    Keyset(Connection c, TableTask task, Selection selection, Change change, Shard shard) throws SQLException {
        this.task = task;
        this.selection = selection;
        this.change = change;
        this.shard = shard;
        this.key = columns(c, selection);
    }

    @Override
    public boolean guardsItself() {
        return change != null;
    }

    @Override
    public long remaining(Connection c, Position from) throws SQLException {
        String sql = "SELECT count(*) FROM " + selection.table + " WHERE " + where(from, "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindWhere(ps, 1, from);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public Step next(Connection c, Position from, int size, Guard guard) throws SQLException {
        return change != null ? changeInOneStatement(c, from, size, guard) : processInJava(c, from, size);
    }

    /** Selects, changes (re-checking the conditions), checks the lease and saves the cursor: one statement. */
    private Step changeInOneStatement(Connection c, Position from, int size, Guard guard) throws SQLException {
        String t = selection.table;
        String match = "(" + key.list("t.") + ") = (" + key.aliases("b.") + ")";
        String changed = change.deletes()
                ? "DELETE FROM " + t + " t USING batch b WHERE " + match + " AND " + selection.condition()
                : "UPDATE " + t + " t SET " + change.assignments + " FROM batch b WHERE " + match + " AND "
                        + selection.condition();
        String lastKey = key.integer() ? "b.k_1::bigint" : "NULL::bigint";
        String sql = "WITH lease AS (" + Guard.LEASE + "),"
                + " batch AS (SELECT " + key.aliased("t.") + " FROM " + t + " t WHERE " + where(from, "t.")
                + " AND EXISTS (SELECT 1 FROM lease) ORDER BY " + key.list("t.") + " LIMIT ?),"
                + " changed AS (" + changed + " RETURNING 1),"
                + " last AS (SELECT json_build_array(" + textOf(key.aliases("b.")) + ")::text AS position, " + lastKey
                + " AS last_key FROM batch b ORDER BY " + descendingAliases() + " LIMIT 1),"
                + " saved AS ("
                + Guard.saveFrom("last", "(SELECT count(*) FROM batch)", "(SELECT count(*) FROM changed)")
                + " RETURNING 1)"
                + " SELECT (SELECT count(*) FROM lease), (SELECT count(*) FROM batch), (SELECT count(*) FROM changed),"
                + " (SELECT position FROM last)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = guard.bindLease(ps, 1);
            i = bindWhere(ps, i, from);
            ps.setInt(i++, size);
            for (Object p : change.parameters) {
                ps.setObject(i++, p);
            }
            for (Object p : selection.parameters) {
                ps.setObject(i++, p);
            }
            guard.bindSave(ps, i);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean leaseHeld = rs.getLong(1) > 0;
                int examined = rs.getInt(2);
                int count = rs.getInt(3);
                String position = rs.getString(4);
                return new Step(examined, count, position == null ? from : new Position(position), leaseHeld, 0);
            }
        }
    }

    /** The task's own {@code process} on the selected keys; the runner holds the lease and saves the cursor. */
    private Step processInJava(Connection c, Position from, int size) throws SQLException {
        List<Object> keys = new ArrayList<>(size);
        List<String> last = null;
        String sql = "SELECT " + key.list("t.") + ", " + textOf(key.list("t.")) + " FROM " + selection.table
                + " t WHERE " + where(from, "t.") + " ORDER BY " + key.list("t.") + " LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindWhere(ps, 1, from);
            ps.setInt(i, size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(keyOf(rs));
                    last = texts(rs, key.names().size() + 1);
                }
            }
        }
        if (keys.isEmpty()) {
            return Step.nothingLeft(from);
        }
        int changed = task.process(
                new Batch(keys, c, key.names().size() == 1 ? key.types().getFirst() : null));
        return new Step(keys.size(), changed, Position.ofKeyValues(last), true, 0);
    }

    @Override
    public DryRun dryRun(Connection c, Position from, long limit, int batchSize) throws SQLException {
        String limited = "SELECT " + key.list("t.") + " FROM " + selection.table + " t WHERE " + where(from, "t.")
                + " ORDER BY " + key.list("t.") + " LIMIT ?";
        long count;
        List<String> last = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (" + limited + ") s")) {
            bindLimited(ps, from, limit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                count = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + textOf(key.list("s.")) + " FROM (" + limited
                + ") s ORDER BY " + key.descending("s.") + " LIMIT 1")) {
            bindLimited(ps, from, limit);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    last = texts(rs, 1);
                }
            }
        }
        List<Object> first = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(limited)) {
            bindLimited(ps, from, Math.min(limit, FIRST_KEYS));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    first.add(keyOf(rs));
                }
            }
        }
        return new DryRun(count, first, 0, last == null ? from : Position.ofKeyValues(last));
    }

    private static final int FIRST_KEYS = 10;

    private void bindLimited(PreparedStatement ps, Position from, long limit) throws SQLException {
        int i = bindWhere(ps, 1, from);
        ps.setLong(i, limit);
    }

    /** The selection's conditions, the keyset comparison after {@code from}, and the shard. */
    private String where(Position from, String prefix) {
        return selection.condition() + (from.atStart() ? "" : " AND " + key.after(prefix)) + " AND "
                + shard.sql(prefixed(prefix));
    }

    private Columns prefixed(String prefix) {
        return new Columns(key.names().stream().map(n -> prefix + n).toList(), key.types());
    }

    private int bindWhere(PreparedStatement ps, int index, Position from) throws SQLException {
        for (Object p : selection.parameters) {
            ps.setObject(index++, p);
        }
        if (!from.atStart()) {
            List<String> values = from.keyValues();
            if (values.size() != key.names().size()) {
                throw new AppException(
                        ExitCode.USAGE,
                        "the saved cursor " + from.json() + " does not fit the key (" + key.list("")
                                + "); use --restart");
            }
            for (String v : values) {
                ps.setString(index++, v);
            }
        }
        return index;
    }

    private String descendingAliases() {
        return IntStream.range(0, key.names().size())
                .mapToObj(i -> "b.k_" + (i + 1) + " DESC")
                .collect(Collectors.joining(", "));
    }

    private static String textOf(String columns) {
        return java.util.Arrays.stream(columns.split(", "))
                .map(c -> c + "::text")
                .collect(Collectors.joining(", "));
    }

    private Object keyOf(ResultSet rs) throws SQLException {
        if (key.names().size() == 1) {
            return value(rs, 1, key.types().getFirst());
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < key.names().size(); i++) {
            values.add(value(rs, i + 1, key.types().get(i)));
        }
        return values;
    }

    private static Object value(ResultSet rs, int column, String type) throws SQLException {
        if (type.startsWith("timestamp with time zone")) {
            return rs.getObject(column, OffsetDateTime.class);
        }
        if (type.startsWith("timestamp without time zone")) {
            return rs.getObject(column, LocalDateTime.class);
        }
        if (type.equals("date")) {
            return rs.getObject(column, LocalDate.class);
        }
        return rs.getObject(column);
    }

    private List<String> texts(ResultSet rs, int first) throws SQLException {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < key.names().size(); i++) {
            values.add(rs.getString(first + i));
        }
        return values;
    }

    /** Reads the key columns' types from the catalog; a column the table does not have is the task's bug. */
    private static Columns columns(Connection c, Selection selection) throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod)"
                + " FROM pg_attribute a WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setString(1, selection.table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        if (types.isEmpty()) {
            throw new AppException(ExitCode.FAILED, "the task's table " + selection.table + " does not exist");
        }
        List<String> keyTypes = new ArrayList<>();
        for (String column : selection.key) {
            String type = types.get(column);
            if (type == null) {
                throw new AppException(
                        ExitCode.FAILED, "the task's key column " + column + " is not a column of " + selection.table);
            }
            keyTypes.add(type);
        }
        return new Columns(selection.key, keyTypes);
    }
}
