package dev.onebinary.console;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The database role the read-only console should connect as: the SQL that creates it ({@code app console
 * --print-role-sql}), and the check, each time a console opens with it, that the role configured as the reader can
 * really only read.
 */
final class ReaderRole {

    static final String NAME = "app_reader";

    private static final String USER_RELATIONS = " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
            + " AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

    private static final String CHECK = "SELECT r.rolsuper, r.rolcreaterole, r.rolreplication,"
            + " pg_has_role('pg_signal_backend', 'USAGE'), pg_has_role('pg_write_all_data', 'USAGE'),"
            + " has_database_privilege(current_database(), 'CREATE'),"
            + " (SELECT string_agg(format('%I.%I', n.nspname, c.relname), ', ' ORDER BY 1)" + USER_RELATIONS
            + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND (pg_has_role(c.relowner, 'USAGE')"
            + " OR (c.relkind <> 'S' AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE'))"
            + " OR (c.relkind = 'S' AND has_sequence_privilege(c.oid, 'USAGE, UPDATE')))),"
            + " (SELECT string_agg(n.nspname, ', ' ORDER BY 1) FROM pg_namespace n WHERE has_schema_privilege(n.oid,"
            + " 'CREATE') AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%')"
            + " FROM pg_roles r WHERE r.rolname = current_user";

    private ReaderRole() {}

    /** What the connected role can do besides reading; empty for a true reader. */
    static List<String> problems(ConsoleConnection c) throws SQLException {
        List<Object> row = c.row(CHECK);
        List<String> problems = new ArrayList<>();
        String[] can = {
            "is a superuser",
            "may create roles",
            "may start replication",
            "may signal other sessions (pg_signal_backend)",
            "may write every table (pg_write_all_data)",
            "may create schemas in the database"
        };
        for (int i = 0; i < can.length; i++) {
            if (Boolean.TRUE.equals(row.get(i))) {
                problems.add(can[i]);
            }
        }
        if (row.get(6) != null) {
            problems.add("may write or owns " + abbreviate((String) row.get(6)));
        }
        if (row.get(7) != null) {
            problems.add("may create objects in schema " + abbreviate((String) row.get(7)));
        }
        return problems;
    }

    private static String abbreviate(String list) {
        return list.length() > 120 ? list.substring(0, 117) + "..." : list;
    }

    /** SQL to create the reader role, for a database administrator to run in psql. */
    static String createSql(String database, String owner) {
        return """
                -- The role the read-only console connects as (app.console.datasource.*): it reads every table and
                -- can do nothing else. Run in psql as a superuser or a role with CREATEROLE; \\password asks for the
                -- password without echoing it or writing it to any history.
                CREATE ROLE %1$s LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
                \\password %1$s
                -- PostgreSQL 14 and later: SELECT on every table, view and sequence, USAGE on every schema.
                GRANT pg_read_all_data TO %1$s;
                -- Or, before PostgreSQL 14 or to stay within the application's schema, instead of the GRANT above:
                --   GRANT CONNECT ON DATABASE %2$s TO %1$s;
                --   GRANT USAGE ON SCHEMA public TO %1$s;
                --   GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1$s;
                --   ALTER DEFAULT PRIVILEGES FOR ROLE %3$s IN SCHEMA public GRANT SELECT ON TABLES TO %1$s;
                -- Before PostgreSQL 15 every role may create objects in schema public; the console refuses a reader
                -- that can, so take it away (the application's role owns its tables and is not affected):
                --   REVOKE CREATE ON SCHEMA public FROM PUBLIC;
                -- Sessions of this role are read-only and bounded even outside the console.
                ALTER ROLE %1$s SET default_transaction_read_only = on;
                ALTER ROLE %1$s SET statement_timeout = '5min';
                ALTER ROLE %1$s SET idle_in_transaction_session_timeout = '1min';
                ALTER ROLE %1$s CONNECTION LIMIT 10;
                -- Then give the console its URL, e.g. in a Kubernetes Secret:
                --   APP_CONSOLE_DATASOURCE_URL=postgres://%1$s:PASSWORD@HOST:5432/%2$s
                """.formatted(NAME, database, owner);
    }
}
