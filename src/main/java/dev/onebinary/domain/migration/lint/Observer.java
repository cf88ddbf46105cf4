package dev.onebinary.domain.migration.lint;

import dev.onebinary.domain.migration.LockModes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Runs pending statements on the scratch database and records what PostgreSQL did. A transactional script runs in one
 * transaction, as Flyway runs it, so the locks reported for a statement are all those its transaction holds while it
 * runs (a lock taken by an earlier statement of the script is still held). A statement that cannot run in a
 * transaction (CREATE INDEX CONCURRENTLY) is made to wait for a session holding an old snapshot and ACCESS SHARE on
 * every existing table; its locks are read from another session while it waits.
 */
final class Observer {

    /** A relation that existed before the pending migrations: a table, or an index of one. */
    private record Relation(String name, boolean index, long table) {}

    /** A pending script, parsed. */
    record Pending(String script, List<Statement> statements, boolean transactional) {}

    private static final List<String> LOCK_NAMES = List.of(
            "ACCESS SHARE",
            "ROW SHARE",
            "ROW EXCLUSIVE",
            "SHARE UPDATE EXCLUSIVE",
            "SHARE",
            "SHARE ROW EXCLUSIVE",
            "EXCLUSIVE",
            "ACCESS EXCLUSIVE");

    private final DataSource scratch;
    private Map<Long, Relation> existing;
    private String existingArray;

    Observer(DataSource scratch) {
        this.scratch = scratch;
    }

    List<ObservedStatement> observe(List<Pending> scripts) throws SQLException {
        existing = existingRelations();
        existingArray = existing.keySet().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
        List<ObservedStatement> observed = new ArrayList<>();
        for (Pending p : scripts) {
            if (p.transactional()) {
                transactional(p, observed);
            } else {
                for (Statement s : p.statements()) {
                    observed.add(outsideTransaction(p.script(), s));
                }
            }
        }
        return observed;
    }

    private void transactional(Pending p, List<ObservedStatement> observed) throws SQLException {
        try (Connection c = scratch.getConnection()) {
            c.setAutoCommit(false);
            Map<Long, ObservedStatement.HeldLock> held = new HashMap<>();
            String failedAt = null;
            for (Statement s : p.statements()) {
                if (failedAt != null) {
                    observed.add(ObservedStatement.unmeasured(
                            p.script(),
                            s.line(),
                            s.excerpt(),
                            null,
                            "not run: " + failedAt + " failed on the scratch database"));
                    continue;
                }
                Map<Long, Long> nodes = fileNodes(c);
                Map<Long, Long> scans = scans(c);
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute(s.text());
                } catch (SQLException e) {
                    c.rollback();
                    failedAt = "line " + s.line();
                    observed.add(ObservedStatement.unmeasured(p.script(), s.line(), s.excerpt(), oneLine(e), null));
                    continue;
                }
                List<ObservedStatement.HeldLock> took = new ArrayList<>();
                for (Map.Entry<Long, String> lock :
                        strongestTableLocks(c, "pg_backend_pid()").entrySet()) {
                    ObservedStatement.HeldLock before = held.get(lock.getKey());
                    if (before == null || LockModes.strength(lock.getValue()) > strength(before)) {
                        ObservedStatement.HeldLock now = heldLock(lock.getKey(), lock.getValue(), s.line());
                        held.put(lock.getKey(), now);
                        took.add(now);
                    }
                }
                observed.add(facts(
                        p.script(),
                        s,
                        took,
                        held,
                        changed(nodes, fileNodes(c)),
                        increased(scans, scans(c)),
                        null,
                        null));
            }
            if (failedAt == null) {
                c.commit();
            }
        }
    }

    private ObservedStatement outsideTransaction(String script, Statement s) throws SQLException {
        try (Connection worker = scratch.getConnection();
                Connection holder = scratch.getConnection();
                Connection watcher = scratch.getConnection()) {
            Map<Long, Long> nodes = fileNodes(worker);
            int pid = pid(worker);
            holder.setAutoCommit(false);
            holder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (java.sql.Statement st = holder.createStatement()) {
                st.execute("SELECT 1");
                String tables = currentTables(holder);
                if (!tables.isEmpty()) {
                    st.execute("LOCK TABLE " + tables + " IN ACCESS SHARE MODE");
                }
            }
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                try (java.sql.Statement st = worker.createStatement()) {
                    st.execute(s.text());
                } catch (SQLException e) {
                    throw new IllegalStateException(oneLine(e), e);
                }
            });
            Map<Long, ObservedStatement.HeldLock> held = new HashMap<>();
            boolean waited = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (!run.isDone() && System.nanoTime() < deadline) {
                if (waiting(watcher, pid)) {
                    waited = true;
                    strongestTableLocks(watcher, Integer.toString(pid))
                            .forEach((oid, mode) -> held.put(oid, heldLock(oid, mode, s.line())));
                    break;
                }
                sleep();
            }
            holder.rollback();
            String error = null;
            try {
                run.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                error = e.getCause().getMessage();
            } catch (TimeoutException e) {
                error = "did not finish within 60 s";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
            }
            String note = !waited && error == null
                    ? "ran outside a transaction and finished before its locks could be read"
                    : "ran outside a transaction, as Flyway runs it (full scans are not measured there)";
            return facts(
                    script,
                    s,
                    new ArrayList<>(held.values()),
                    held,
                    changed(nodes, fileNodes(worker)),
                    List.of(),
                    error,
                    note);
        }
    }

    private ObservedStatement facts(
            String script,
            Statement s,
            List<ObservedStatement.HeldLock> took,
            Map<Long, ObservedStatement.HeldLock> held,
            List<Long> rewritten,
            List<Long> scanned,
            String error,
            String note) {
        Set<Long> worked = new LinkedHashSet<>();
        rewritten.forEach(oid -> worked.add(tableOf(oid)));
        worked.addAll(scanned);
        List<ObservedStatement.HeldLock> meanwhile = worked.stream()
                .map(held::get)
                .filter(java.util.Objects::nonNull)
                .toList();
        return new ObservedStatement(
                script,
                s.line(),
                s.excerpt(),
                took,
                rewritten.stream().map(this::describe).toList(),
                scanned.stream().map(oid -> existing.get(oid).name()).toList(),
                meanwhile,
                new ArrayList<>(held.values()),
                meanwhile.stream().anyMatch(ObservedStatement.HeldLock::blocksWrites),
                error,
                note);
    }

    private ObservedStatement.HeldLock heldLock(long table, String mode, int line) {
        return new ObservedStatement.HeldLock(
                existing.get(table).name(),
                LockModes.name(mode),
                line,
                LockModes.blocksWrites(mode),
                LockModes.blocksReads(mode));
    }

    private static int strength(ObservedStatement.HeldLock lock) {
        return LOCK_NAMES.indexOf(lock.mode());
    }

    private long tableOf(long oid) {
        Relation r = existing.get(oid);
        return r.index() ? r.table() : oid;
    }

    private String describe(long oid) {
        Relation r = existing.get(oid);
        return r.index() ? "index " + r.name() : r.name();
    }

    private Map<Long, Relation> existingRelations() throws SQLException {
        Map<Long, Relation> relations = new LinkedHashMap<>();
        try (Connection c = scratch.getConnection();
                java.sql.Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT c.oid, c.relname, c.relkind = 'i', coalesce(i.indrelid, 0)"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " LEFT JOIN pg_index i ON i.indexrelid = c.oid"
                        + " WHERE c.relkind IN ('r', 'p', 'm', 'i') AND n.nspname NOT IN ('pg_catalog',"
                        + " 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY c.relname")) {
            while (rs.next()) {
                relations.put(rs.getLong(1), new Relation(rs.getString(2), rs.getBoolean(3), rs.getLong(4)));
            }
        }
        return relations;
    }

    /** The existing tables that still exist, by their current names, for LOCK TABLE. */
    private String currentTables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY (?::oid[])"
                + " AND c.relkind IN ('r', 'p')")) {
            ps.setString(1, existingArray);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return String.join(", ", names);
    }

    private Map<Long, Long> fileNodes(Connection c) throws SQLException {
        return pairs(c, "SELECT oid, relfilenode::bigint FROM pg_class WHERE oid = ANY (?::oid[])");
    }

    private Map<Long, Long> scans(Connection c) throws SQLException {
        return pairs(c, "SELECT relid, seq_scan FROM pg_stat_xact_user_tables WHERE relid = ANY (?::oid[])");
    }

    private Map<Long, Long> pairs(Connection c, String sql) throws SQLException {
        Map<Long, Long> values = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, existingArray);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return values;
    }

    /** The strongest lock a backend holds (or waits for) on each existing table: table oid to pg_locks mode. */
    private Map<Long, String> strongestTableLocks(Connection c, String pid) throws SQLException {
        Map<Long, String> strongest = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT relation::bigint, mode FROM pg_locks WHERE pid = " + pid
                + " AND locktype = 'relation' AND relation = ANY (?::oid[])")) {
            ps.setString(1, existingArray);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long oid = rs.getLong(1);
                    if (existing.get(oid).index()) {
                        continue;
                    }
                    strongest.merge(
                            oid, rs.getString(2), (a, b) -> LockModes.strength(a) >= LockModes.strength(b) ? a : b);
                }
            }
        }
        return strongest;
    }

    private static boolean waiting(Connection c, int pid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_locks WHERE pid = ? AND NOT granted")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (java.sql.Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Relations whose file node changed: PostgreSQL wrote them anew (a rewrite). */
    private static List<Long> changed(Map<Long, Long> before, Map<Long, Long> after) {
        return after.entrySet().stream()
                .filter(e -> before.getOrDefault(e.getKey(), 0L) != 0
                        && !e.getValue().equals(before.get(e.getKey())))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Tables whose sequential-scan count grew. */
    private static List<Long> increased(Map<Long, Long> before, Map<Long, Long> after) {
        return after.entrySet().stream()
                .filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0L))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static String oneLine(SQLException e) {
        return e.getMessage() == null
                ? e.getSQLState()
                : e.getMessage().lines().findFirst().orElse("").strip();
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
