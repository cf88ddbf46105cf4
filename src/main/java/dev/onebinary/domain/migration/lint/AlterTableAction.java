package dev.onebinary.domain.migration.lint;

import java.util.List;
import java.util.Set;

/** The rules about one action of an ALTER TABLE ({@code ADD COLUMN ...}, {@code ALTER COLUMN ... TYPE ...}, ...). */
final class AlterTableAction {

    /** Words that end a column's DEFAULT expression. */
    private static final Set<String> CONSTRAINT_WORDS =
            Set.of("NOT", "NULL", "CHECK", "REFERENCES", "UNIQUE", "PRIMARY", "CONSTRAINT", "COLLATE", "GENERATED");

    private AlterTableAction() {}

    static void check(StaticRules rules, ScriptFacts facts, Statement s, Statement a, String table, List<Finding> out) {
        if (a.startsWith("ADD")) {
            add(rules, facts, s, a, table, out);
        } else if (a.startsWith("ALTER")) {
            int i = a.at(1, "COLUMN") ? 2 : 1;
            if (a.at(i, "CONSTRAINT")) {
                return;
            }
            Names.Name column = Names.read(a, i);
            if (column == null) {
                return;
            }
            int j = column.next();
            if (a.at(j, "TYPE") || a.at(j, "SET", "DATA", "TYPE")) {
                out.add(facts.finding(
                        Rule.CHANGE_COLUMN_TYPE,
                        s,
                        "ALTER COLUMN " + column.name() + " TYPE on existing table " + table));
            } else if (a.at(j, "SET", "NOT", "NULL") && !rules.hasValidatedNotNullCheck(table, column.name())) {
                out.add(facts.finding(
                        Rule.SET_NOT_NULL,
                        s,
                        "SET NOT NULL on " + table + "." + column.name() + " without a validated CHECK ("
                                + column.name() + " IS NOT NULL)"));
            }
        } else if (a.startsWith("DROP") && !a.at(1, "CONSTRAINT") && !a.at(1, "DEFAULT") && !a.at(1, "NOT")) {
            int i = a.at(1, "COLUMN") ? 2 : 1;
            if (a.at(i, "IF", "EXISTS")) {
                i += 2;
            }
            Names.Name column = Names.read(a, i);
            if (column != null) {
                out.add(facts.finding(Rule.DROP_COLUMN, s, "DROP COLUMN " + table + "." + column.name()));
            }
        } else if (a.startsWith("RENAME")) {
            rename(rules, facts, s, a, table, out);
        } else if (a.startsWith("VALIDATE", "CONSTRAINT")) {
            Names.Name name = Names.read(a, 2);
            if (name != null) {
                rules.validated(name.name());
                if (facts.addedInThisTransaction(name.name())) {
                    out.add(facts.finding(
                            Rule.VALIDATE_IN_SAME_TRANSACTION,
                            s,
                            "VALIDATE CONSTRAINT " + name.name() + " in the transaction that added it"));
                }
            }
        }
    }

    private static void rename(
            StaticRules rules, ScriptFacts facts, Statement s, Statement a, String table, List<Finding> out) {
        if (a.at(1, "TO")) {
            Names.Name to = Names.read(a, 2);
            rules.renamed(table, to == null ? table : to.name());
            out.add(facts.finding(
                    Rule.RENAME_TABLE, s, "RENAME TABLE " + table + " TO " + (to == null ? "?" : to.name())));
        } else if (!a.at(1, "CONSTRAINT")) {
            int i = a.at(1, "COLUMN") ? 2 : 1;
            Names.Name column = Names.read(a, i);
            if (column != null) {
                out.add(facts.finding(Rule.RENAME_COLUMN, s, "RENAME COLUMN " + table + "." + column.name()));
            }
        }
    }

    private static void add(
            StaticRules rules, ScriptFacts facts, Statement s, Statement a, String table, List<Finding> out) {
        int i = 1;
        String constraint = null;
        if (a.at(i, "CONSTRAINT")) {
            Names.Name name = Names.read(a, i + 1);
            constraint = name == null ? null : name.name();
            i = name == null ? i + 1 : name.next();
        }
        boolean notValid = a.contains("NOT", "VALID");
        if (a.at(i, "CHECK")) {
            if (constraint != null) {
                facts.added(constraint);
                notNullCheck(rules, a, i + 1, constraint, table, !notValid);
            }
            if (!notValid) {
                out.add(facts.finding(
                        Rule.ADD_CHECK_NOT_VALID, s, "ADD CHECK on existing table " + table + " without NOT VALID"));
            }
        } else if (a.at(i, "FOREIGN", "KEY")) {
            if (constraint != null) {
                facts.added(constraint);
            }
            if (!notValid) {
                out.add(facts.finding(
                        Rule.ADD_FOREIGN_KEY_NOT_VALID,
                        s,
                        "ADD FOREIGN KEY on existing table " + table + " without NOT VALID"));
            }
        } else if (a.at(i, "UNIQUE") || a.at(i, "PRIMARY", "KEY") || a.at(i, "EXCLUDE")) {
            if (!a.contains("USING", "INDEX") || a.at(i, "EXCLUDE")) {
                out.add(facts.finding(
                        Rule.CONSTRAINT_WITHOUT_INDEX,
                        s,
                        "ADD " + a.token(i).text() + " constraint on " + "existing table " + table
                                + " builds its index under ACCESS EXCLUSIVE"));
            }
        } else {
            addColumn(facts, s, a, i, table, out);
        }
    }

    private static void addColumn(ScriptFacts facts, Statement s, Statement a, int i, String table, List<Finding> out) {
        if (a.at(i, "COLUMN")) {
            i++;
        }
        if (a.at(i, "IF", "NOT", "EXISTS")) {
            i += 3;
        }
        Names.Name column = Names.read(a, i);
        if (column == null) {
            return;
        }
        String where = table + "." + column.name();
        Token type = a.token(column.next());
        int defaultAt = a.find(column.next(), "DEFAULT");
        boolean rewrites = type != null && StaticRules.isSerialType(type.name())
                || a.contains("GENERATED") && (a.contains("IDENTITY") || a.contains("STORED"));
        String volatileCall = defaultAt < 0 ? null : volatileCall(a, defaultAt + 1);
        if (rewrites || volatileCall != null) {
            out.add(facts.finding(
                    Rule.ADD_COLUMN_VOLATILE_DEFAULT,
                    s,
                    "ADD COLUMN " + where
                            + (volatileCall != null ? " DEFAULT " + volatileCall + "()" : " filled per row")
                            + " rewrites " + table));
        } else if (a.contains("NOT", "NULL") && defaultAt < 0) {
            out.add(facts.finding(Rule.ADD_COLUMN_REQUIRED, s, "ADD COLUMN " + where + " NOT NULL without a DEFAULT"));
        }
        if (a.contains("REFERENCES")) {
            out.add(facts.finding(
                    Rule.ADD_FOREIGN_KEY_NOT_VALID, s, "ADD COLUMN " + where + " REFERENCES validates at once"));
        }
        if (a.contains("UNIQUE") || a.contains("PRIMARY", "KEY")) {
            out.add(facts.finding(
                    Rule.CONSTRAINT_WITHOUT_INDEX, s, "ADD COLUMN " + where + " with an inline UNIQUE/PRIMARY KEY"));
        }
    }

    /** The first call of a volatile function in the DEFAULT expression starting at {@code from}, or null. */
    private static String volatileCall(Statement a, int from) {
        int depth = 0;
        for (int k = from; k < a.tokens().size(); k++) {
            Token t = a.tokens().get(k);
            if (depth == 0
                    && t.kind() == Token.Kind.WORD
                    && CONSTRAINT_WORDS.contains(t.text().toUpperCase())) {
                return null;
            }
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            } else if (t.isIdentifier() && a.at(k + 1, "(") && StaticRules.isVolatileFunction(t.name())) {
                return t.name();
            }
        }
        return null;
    }

    /** Records {@code CHECK (column IS NOT NULL)}: the proof SET NOT NULL can use instead of a scan. */
    private static void notNullCheck(
            StaticRules rules, Statement a, int open, String constraint, String table, boolean validated) {
        int k = open;
        while (a.at(k, "(")) {
            k++;
        }
        Token column = a.token(k);
        if (column != null && column.isIdentifier() && a.at(k + 1, "IS", "NOT", "NULL")) {
            rules.notNullCheck(constraint, table, column.name(), validated);
        }
    }
}
