package dev.onebinary.domain.migration.lint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The static rules, read from the statements alone. Scripts are fed in version order: applied ones are learnt from
 * (which NOT NULL checks are validated), pending ones are checked; a table created by a pending script is new, so
 * nothing that locks it can hurt a reader, and it is exempt.
 */
final class StaticRules {

    /** Functions whose result differs per row: a default calling one rewrites the table. */
    private static final Set<String> VOLATILE = Set.of(
            "random",
            "gen_random_uuid",
            "uuid_generate_v1",
            "uuid_generate_v1mc",
            "uuid_generate_v4",
            "clock_timestamp",
            "timeofday",
            "nextval",
            "txid_current",
            "pg_current_xact_id");

    private static final Set<String> SERIAL_TYPES =
            Set.of("serial", "bigserial", "smallserial", "serial2", "serial4", "serial8");

    /** A CHECK (column IS NOT NULL) constraint: once validated, SET NOT NULL on that column needs no scan. */
    private record NotNullCheck(String table, String column, boolean validated) {}

    private final Set<String> newTables = new HashSet<>();
    /** Indexes created by pending scripts, with their tables: dropping one locks its table like any other. */
    private final Map<String, String> indexTables = new HashMap<>();

    private final Map<String, NotNullCheck> notNullChecks = new HashMap<>();
    private boolean learning;

    /** Learns from a script that is already applied: its validated checks count, its tables exist. */
    void learn(List<Statement> statements) {
        learning = true;
        try {
            check("", statements);
        } finally {
            learning = false;
            // What applied scripts created exists now, with rows: only pending scripts create new tables.
            newTables.clear();
            indexTables.clear();
        }
    }

    /** The findings of each statement of a pending script, in statement order (suppressions not yet applied). */
    List<List<Finding>> check(String script, List<Statement> statements) {
        ScriptFacts facts = new ScriptFacts(script, statements);
        List<List<Finding>> all = new ArrayList<>();
        for (Statement s : statements) {
            List<Finding> findings = new ArrayList<>();
            statement(facts, s, findings);
            all.add(learning ? new ArrayList<>() : findings);
        }
        if (!learning) {
            facts.scriptLevel(all);
        }
        return all;
    }

    private void statement(ScriptFacts facts, Statement s, List<Finding> out) {
        if (s.startsWith("CREATE")) {
            create(facts, s, out);
        } else if (s.startsWith("ALTER", "TABLE")) {
            alterTable(facts, s, out);
        } else if (s.startsWith("DROP", "INDEX")) {
            dropIndex(facts, s, out);
        } else if (s.startsWith("DROP", "TABLE")) {
            dropTable(facts, s, out);
        } else if (s.startsWith("VACUUM")) {
            if (s.contains("FULL")) {
                out.add(facts.finding(Rule.VACUUM_FULL, s, "VACUUM FULL rewrites the table"));
            }
        } else if (s.startsWith("CLUSTER")) {
            out.add(facts.finding(Rule.CLUSTER, s, "CLUSTER rewrites the table"));
        } else if (s.startsWith("REINDEX")) {
            if (!s.contains("CONCURRENTLY")) {
                out.add(facts.finding(Rule.REQUIRE_CONCURRENT_REINDEX, s, "REINDEX without CONCURRENTLY"));
            }
        } else if (s.startsWith("UPDATE") || s.startsWith("DELETE", "FROM")) {
            backfill(facts, s, out);
        }
        facts.timeouts(s, out);
    }

    private void create(ScriptFacts facts, Statement s, List<Finding> out) {
        int i = 1;
        while (s.token(i) != null
                && (s.at(i, "GLOBAL")
                        || s.at(i, "LOCAL")
                        || s.at(i, "TEMP")
                        || s.at(i, "TEMPORARY")
                        || s.at(i, "UNLOGGED")
                        || s.at(i, "OR", "REPLACE"))) {
            i += s.at(i, "OR") ? 2 : 1;
        }
        if (s.at(i, "TABLE")) {
            i++;
            if (s.at(i, "IF", "NOT", "EXISTS")) {
                i += 3;
            }
            Names.Name table = Names.read(s, i);
            if (table != null) {
                newTables.add(table.name());
            }
            return;
        }
        if (s.at(i, "UNIQUE")) {
            i++;
        }
        if (!s.at(i, "INDEX")) {
            return;
        }
        i++;
        boolean concurrently = s.at(i, "CONCURRENTLY");
        if (concurrently) {
            i++;
        }
        if (s.at(i, "IF", "NOT", "EXISTS")) {
            i += 3;
        }
        String index = null;
        if (!s.at(i, "ON")) {
            Names.Name name = Names.read(s, i);
            index = name == null ? null : name.name();
            i = name == null ? i : name.next();
        }
        if (!s.at(i, "ON")) {
            return;
        }
        i++;
        if (s.at(i, "ONLY")) {
            i++;
        }
        Names.Name table = Names.read(s, i);
        if (index != null && table != null) {
            indexTables.put(index, table.name());
        }
        if (!concurrently && table != null && !newTables.contains(table.name())) {
            out.add(facts.finding(
                    Rule.REQUIRE_CONCURRENT_INDEX,
                    s,
                    "CREATE INDEX " + (index == null ? "" : index + " ") + "on existing table " + table.name()
                            + " without CONCURRENTLY"));
        }
    }

    private void dropIndex(ScriptFacts facts, Statement s, List<Finding> out) {
        int i = 2;
        boolean concurrently = s.at(i, "CONCURRENTLY");
        if (concurrently) {
            i++;
        }
        if (s.at(i, "IF", "EXISTS")) {
            i += 2;
        }
        List<String> existing = new ArrayList<>();
        for (Names.Name n = Names.read(s, i); n != null; n = s.at(n.next(), ",") ? Names.read(s, n.next() + 1) : null) {
            if (!newTables.contains(indexTables.getOrDefault(n.name(), ""))) {
                existing.add(n.name());
            }
        }
        if (!concurrently && !existing.isEmpty()) {
            out.add(facts.finding(
                    Rule.REQUIRE_CONCURRENT_DROP_INDEX,
                    s,
                    "DROP INDEX " + String.join(", ", existing) + " without CONCURRENTLY"));
        }
    }

    private void dropTable(ScriptFacts facts, Statement s, List<Finding> out) {
        int i = 2;
        if (s.at(i, "IF", "EXISTS")) {
            i += 2;
        }
        List<String> existing = new ArrayList<>();
        for (Names.Name n = Names.read(s, i); n != null; n = s.at(n.next(), ",") ? Names.read(s, n.next() + 1) : null) {
            if (!newTables.remove(n.name())) {
                existing.add(n.name());
            }
        }
        if (!existing.isEmpty()) {
            out.add(facts.finding(Rule.DROP_TABLE, s, "DROP TABLE " + String.join(", ", existing)));
        }
    }

    private void alterTable(ScriptFacts facts, Statement s, List<Finding> out) {
        int i = 2;
        if (s.at(i, "IF", "EXISTS")) {
            i += 2;
        }
        if (s.at(i, "ONLY")) {
            i++;
        }
        Names.Name table = Names.read(s, i);
        if (table == null) {
            return;
        }
        i = table.next();
        if (s.at(i, "*")) {
            i++;
        }
        boolean isNew = newTables.contains(table.name());
        for (List<Token> action :
                Names.splitTopLevel(s.tokens().subList(i, s.tokens().size()))) {
            Statement a = new Statement(s.line(), s.endLine(), s.text(), action, List.of());
            List<Finding> found = new ArrayList<>();
            AlterTableAction.check(this, facts, s, a, table.name(), found);
            if (!isNew) {
                out.addAll(found);
            }
        }
    }

    private void backfill(ScriptFacts facts, Statement s, List<Finding> out) {
        int i = s.startsWith("UPDATE") ? 1 : 2;
        if (s.at(i, "ONLY")) {
            i++;
        }
        Names.Name table = Names.read(s, i);
        if (table == null || newTables.contains(table.name())) {
            return;
        }
        String verb = s.tokens().getFirst().text().toUpperCase(Locale.ROOT);
        int where = s.find(i, "WHERE");
        if (where < 0) {
            out.add(facts.finding(
                    Rule.BACKFILL_IN_MIGRATION, s, verb + " of every row of " + table.name() + " (no WHERE)"));
            return;
        }
        for (int k = where + 1; k + 1 < s.tokens().size(); k++) {
            Token t = s.tokens().get(k);
            Token next = s.tokens().get(k + 1);
            boolean key = t.isIdentifier() && (t.name().equals("id") || t.name().endsWith("_id"));
            boolean range = next.is("<")
                    || next.is("<=")
                    || next.is(">")
                    || next.is(">=")
                    || next.is("=")
                    || next.is("BETWEEN")
                    || next.is("IN");
            if (key && range) {
                return;
            }
        }
        out.add(facts.finding(
                Rule.BACKFILL_IN_MIGRATION, s, verb + " on " + table.name() + " without a key range in its WHERE"));
    }

    // Package-private state for AlterTableAction.

    boolean isNewTable(String table) {
        return newTables.contains(table);
    }

    void renamed(String from, String to) {
        if (newTables.remove(from)) {
            newTables.add(to);
        }
    }

    void notNullCheck(String constraint, String table, String column, boolean validated) {
        notNullChecks.put(constraint, new NotNullCheck(table, column, validated));
    }

    void validated(String constraint) {
        NotNullCheck check = notNullChecks.get(constraint);
        if (check != null) {
            notNullChecks.put(constraint, new NotNullCheck(check.table(), check.column(), true));
        }
    }

    boolean hasValidatedNotNullCheck(String table, String column) {
        return notNullChecks.values().stream()
                .anyMatch(c ->
                        c.validated() && c.table().equals(table) && c.column().equals(column));
    }

    static boolean isVolatileFunction(String name) {
        return VOLATILE.contains(name);
    }

    static boolean isSerialType(String name) {
        return SERIAL_TYPES.contains(name);
    }
}
