package dev.onebinary.console;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

/**
 * What the console lets through to PostgreSQL, decided before a statement is sent: the second line of defence, the
 * first being the server (a reader role, a READ ONLY transaction, one command per Parse message of the extended
 * protocol). It refuses input that pgjdbc would send as several statements, every kind of statement but queries and
 * row changes, transaction control (write mode turns a bare COMMIT or ROLLBACK into the console's own), and functions
 * whose effects outlive the statement's transaction or reach other sessions.
 */
final class SqlGuard {

    /** What to do with a statement. */
    enum Kind {
        RUN,
        COMMIT,
        ROLLBACK,
        EMPTY,
        REFUSED
    }

    /** The decision, with the one-line reason of a refusal. */
    record Verdict(Kind kind, String reason) {
        static final Verdict RUN = new Verdict(Kind.RUN, null);

        static Verdict refused(String reason) {
            return new Verdict(Kind.REFUSED, "refused: " + reason);
        }

        boolean refused() {
            return kind == Kind.REFUSED;
        }
    }

    private static final Set<String> STATEMENTS =
            Set.of("select", "with", "values", "table", "explain", "show", "insert", "update", "delete", "merge");
    private static final Set<String> TRANSACTION_CONTROL =
            Set.of("begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release");
    private static final Set<String> FUNCTIONS = Set.of(
            "pg_cancel_backend",
            "pg_terminate_backend",
            "pg_reload_conf",
            "pg_rotate_logfile",
            "pg_promote",
            "pg_log_backend_memory_contexts",
            "set_config",
            "pg_notify",
            "nextval",
            "setval",
            "query_to_xml",
            "query_to_xmlschema",
            "query_to_xml_and_xmlschema",
            "cursor_to_xml",
            "cursor_to_xmlschema",
            "ts_stat",
            "ts_rewrite",
            "pg_read_file",
            "pg_read_binary_file",
            "pg_stat_file",
            "pg_switch_wal",
            "pg_create_restore_point",
            "pg_start_backup",
            "pg_stop_backup",
            "pg_backup_start",
            "pg_backup_stop",
            "pg_import_system_collations",
            "pg_replication_slot_advance",
            "pg_drop_replication_slot",
            "pg_logical_emit_message",
            "loread",
            "lowrite");
    private static final List<String> FUNCTION_PREFIXES = List.of(
            "pg_advisory_",
            "pg_try_advisory_",
            "lo_",
            "dblink",
            "pg_ls_",
            "pg_file_",
            "pg_create_",
            "pg_copy_",
            "pg_logical_slot_",
            "pg_replication_origin_",
            "pg_wal_replay_",
            "pg_stat_reset",
            "pg_stat_statements_reset");

    private SqlGuard() {}

    /**
     * Checks one statement as typed ({@code parameters} false) or as Hibernate generated it from JPQL ({@code ?}
     * placeholders, true), with the connection's {@code standard_conforming_strings}.
     */
    static Verdict check(String sql, boolean write, boolean standardConformingStrings, boolean parameters) {
        List<NativeQuery> statements;
        try {
            statements = Parser.parseJdbcSql(sql, standardConformingStrings, parameters, true, false, false);
        } catch (SQLException e) {
            return Verdict.refused("the statement cannot be parsed (" + e.getMessage() + ")");
        }
        if (statements.isEmpty()) {
            return new Verdict(Kind.EMPTY, null);
        }
        if (statements.size() > 1) {
            return Verdict.refused("one statement at a time; this input holds " + statements.size());
        }
        SqlWords words = SqlWords.of(sql, standardConformingStrings);
        if (words.unicodeEscapedIdentifier()) {
            return Verdict.refused("Unicode-escaped identifiers (U&\"...\") are not accepted");
        }
        String first = words.word(0);
        Verdict control = transactionControl(words, write);
        if (control != null) {
            return control;
        }
        if (!STATEMENTS.contains(first)) {
            return Verdict.refused("the console runs queries and row changes (SELECT, WITH, VALUES, TABLE, EXPLAIN,"
                    + " SHOW, INSERT, UPDATE, DELETE, MERGE), not " + first.toUpperCase(Locale.ROOT));
        }
        for (int i = 0; i < words.size(); i++) {
            String word = words.word(i);
            boolean call = words.words().get(i).call();
            if (call && (FUNCTIONS.contains(word) || FUNCTION_PREFIXES.stream().anyMatch(word::startsWith))) {
                return Verdict.refused(word + "() has effects outside the statement's transaction");
            }
            if (write && word.equals("into") && !words.words().get(i).quoted()) {
                String before = words.word(i - 1);
                if (!before.equals("insert") && !before.equals("merge")) {
                    return Verdict.refused("SELECT ... INTO creates a table; schema changes belong in migrations");
                }
            }
        }
        return Verdict.RUN;
    }

    /** COMMIT, ROLLBACK and the other transaction statements: the console's to run, never the input's. */
    private static Verdict transactionControl(SqlWords words, boolean write) {
        String first = words.word(0);
        String second = words.word(1);
        boolean control = TRANSACTION_CONTROL.contains(first)
                || (first.equals("prepare") && second.equals("transaction"))
                || (first.equals("set") && second.equals("transaction"))
                || (first.equals("set")
                        && second.equals("session")
                        && words.word(2).equals("characteristics"));
        if (!control && (first.equals("set") || first.equals("reset"))) {
            return Verdict.refused("settings belong to the console (" + first.toUpperCase(Locale.ROOT)
                    + " is not accepted; --statement-timeout sets the timeout)");
        }
        if (!control) {
            return null;
        }
        boolean plain =
                words.size() == 1 || (words.size() == 2 && (second.equals("work") || second.equals("transaction")));
        if (write && plain && (first.equals("commit") || first.equals("end"))) {
            return new Verdict(Kind.COMMIT, null);
        }
        if (write && plain && (first.equals("rollback") || first.equals("abort"))) {
            return new Verdict(Kind.ROLLBACK, null);
        }
        return Verdict.refused(
                write
                        ? "the console runs the transaction: end it with \\commit or \\rollback (or a bare COMMIT or"
                                + " ROLLBACK)"
                        : "transaction control in a read-only console: every statement runs in its own READ ONLY"
                                + " transaction, rolled back after it");
    }
}
