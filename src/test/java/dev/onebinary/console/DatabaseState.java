package dev.onebinary.console;

import dev.onebinary.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a hostile console input must leave as it was, read over plain JDBC as the application's role: every row of
 * every application table (the ledger's own tables excepted: the console writes them by design), the sequences, the
 * catalog (relations, columns, functions, roles, per-role settings, large objects, prepared transactions), the locks
 * and advisory locks of console sessions, and the reader role the tests use.
 */
final class DatabaseState {

    /** The reader role of the tests; .ci/postgres-setup creates it (LOGIN, password = name, pg_read_all_data). */
    static final String READER = env("TEST_DB_READER", "app_reader");

    static final String READER_PASSWORD = env("TEST_DB_READER_PASSWORD", READER);

    private static final String CATALOG = "SELECT md5(string_agg(x, ',' ORDER BY x)) FROM ("
            + " SELECT concat_ws('|', c.oid, c.relname, c.relkind, c.relowner, c.relacl) AS x FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT LIKE 'pg\\_%'"
            + " AND n.nspname <> 'information_schema'"
            + " UNION ALL SELECT concat_ws('|', a.attrelid, a.attname, a.atttypid, a.attnotnull) FROM pg_attribute a"
            + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"
            + " UNION ALL SELECT concat_ws('|', p.oid, p.proname, md5(p.prosrc), p.proacl) FROM pg_proc p"
            + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " UNION ALL SELECT concat_ws('|', n.oid, n.nspname, n.nspacl) FROM pg_namespace n"
            + " UNION ALL SELECT concat_ws('|', r.rolname, r.rolsuper, r.rolcanlogin, r.rolconnlimit, r.rolvaliduntil)"
            + " FROM pg_roles r"
            + " UNION ALL SELECT concat_ws('|', s.setrole, s.setdatabase, s.setconfig) FROM pg_db_role_setting s"
            + " UNION ALL SELECT concat_ws('|', d.datname, d.datacl, d.datconnlimit) FROM pg_database d"
            + " WHERE d.datname = current_database()"
            + " UNION ALL SELECT 'lo:' || count(*) FROM pg_largeobject_metadata"
            + " UNION ALL SELECT 'xact:' || count(*) FROM pg_prepared_xacts"
            + " UNION ALL SELECT 'slot:' || count(*) FROM pg_replication_slots) catalog";

    private DatabaseState() {}

    /** Rows of every application table and every sequence's position, as one checksum per table. */
    static String data(Connection c) {
        try (Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT format('%I.%I', schemaname, relname), relkind FROM ("
                    + "SELECT n.nspname AS schemaname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'S') AND n.nspname = 'public'"
                    + " AND c.relname NOT IN ('admin_runs', 'admin_run_statements', 'admin_runs_id_seq')) t"
                    + " ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
            StringBuilder sum = new StringBuilder();
            for (String table : tables) {
                String name = table.substring(0, table.indexOf(' '));
                String sql = table.endsWith("S")
                        ? "SELECT last_value || '/' || is_called FROM " + name
                        : "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
                                + " FROM " + name + " t";
                try (ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    sum.append(name).append('=').append(rs.getString(1)).append(' ');
                }
            }
            return sum.toString().strip();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String catalog(Connection c) {
        return String.join(",", column(c, CATALOG));
    }

    /** Locks held by console sessions (their connections are named "app console"), advisory locks first of all. */
    static List<String> consoleLocks(Connection c) {
        return column(
                c,
                "SELECT l.locktype || ' ' || l.mode || ' by ' || l.pid FROM pg_locks l JOIN pg_stat_activity a"
                        + " ON a.pid = l.pid WHERE a.application_name LIKE 'app console%'");
    }

    static List<String> column(Connection c, String sql) {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** A connection as the reader role, to check that the role exists as the tests expect. */
    static Connection reader(String database) throws SQLException {
        try {
            return DriverManager.getConnection(TestDatabase.jdbcUrl(database), READER, READER_PASSWORD);
        } catch (SQLException e) {
            throw new SQLException(
                    "the tests' reader role is missing: .ci/postgres-setup creates " + READER + " (LOGIN PASSWORD '"
                            + READER + "', GRANT pg_read_all_data): " + e.getMessage(),
                    e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
