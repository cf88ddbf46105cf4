package dev.onebinary.domain.migration.lint;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the rules need to know about the script a statement belongs to: whether it runs in one transaction (it does
 * unless it holds a statement that cannot, such as CREATE INDEX CONCURRENTLY), which constraints it added, and which
 * timeouts it sets itself.
 */
final class ScriptFacts {

    private final String script;
    private final List<Statement> statements;
    private final boolean transactional;
    private final Set<String> added = new HashSet<>();
    private Statement setsStatementTimeout;
    private boolean setsLockTimeout;

    ScriptFacts(String script, List<Statement> statements) {
        this.script = script;
        this.statements = statements;
        this.transactional = statements.stream().noneMatch(ScriptFacts::cannotRunInTransaction);
    }

    /** CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY and VACUUM refuse to run inside a transaction block. */
    static boolean cannotRunInTransaction(Statement s) {
        return s.startsWith("VACUUM")
                || (s.startsWith("CREATE") || s.startsWith("DROP", "INDEX") || s.startsWith("REINDEX"))
                        && s.contains("CONCURRENTLY");
    }

    /** Whether the script runs as one transaction (Flyway runs it without one if any statement cannot). */
    static boolean transactional(List<Statement> statements) {
        return statements.stream().noneMatch(ScriptFacts::cannotRunInTransaction);
    }

    Finding finding(Rule rule, Statement s, String message) {
        return Finding.of(rule, script, s, message);
    }

    void added(String constraint) {
        added.add(constraint);
    }

    boolean addedInThisTransaction(String constraint) {
        return transactional && added.contains(constraint);
    }

    /** {@code SET lock_timeout = 0}, {@code RESET statement_timeout}, {@code set_config('lock_timeout', '0', ...)}. */
    void timeouts(Statement s, List<Finding> out) {
        String setting = null;
        boolean off = false;
        if (s.startsWith("SET")) {
            int i = s.at(1, "SESSION") || s.at(1, "LOCAL") ? 2 : 1;
            setting = timeoutSetting(s.token(i));
            int value = s.at(i + 1, "TO") || s.at(i + 1, "=") ? i + 2 : i + 1;
            off = isOff(s.token(value));
        } else if (s.startsWith("RESET")) {
            setting = s.at(1, "ALL") ? "lock_timeout" : timeoutSetting(s.token(1));
            off = true;
        } else {
            int call = s.find(0, "set_config", "(");
            if (call >= 0 && s.token(call + 2) != null && s.token(call + 2).kind() == Token.Kind.STRING) {
                setting = timeoutSetting(s.token(call + 2));
                off = isOff(s.token(call + 4));
            }
        }
        if (setting == null) {
            return;
        }
        if (setting.equals("lock_timeout")) {
            setsLockTimeout = true;
        } else if (!off) {
            setsStatementTimeout = setsStatementTimeout == null ? s : setsStatementTimeout;
        }
        if (off) {
            out.add(finding(Rule.SCRIPT_TIMEOUT, s, "the script switches " + setting + " off (0, DEFAULT or RESET)"));
        }
    }

    /** Findings about the script as a whole, placed on the statement they are about. */
    void scriptLevel(List<List<Finding>> findings) {
        if (setsStatementTimeout != null && !setsLockTimeout) {
            findings.get(statements.indexOf(setsStatementTimeout))
                    .add(finding(
                            Rule.SCRIPT_TIMEOUT,
                            setsStatementTimeout,
                            "the script sets statement_timeout but no lock_timeout of its own"));
        }
        if (!transactional && statements.size() > 1) {
            Statement other = statements.stream()
                    .filter(st -> !cannotRunInTransaction(st))
                    .findFirst()
                    .orElse(null);
            if (other != null) {
                Statement first = statements.stream()
                        .filter(ScriptFacts::cannotRunInTransaction)
                        .findFirst()
                        .orElseThrow();
                findings.get(statements.indexOf(first))
                        .add(finding(
                                Rule.MIXED_CONCURRENT_SCRIPT,
                                first,
                                "this statement cannot run in a transaction and shares its script with line "
                                        + other.line() + " (" + other.excerpt() + ")"));
            }
        }
    }

    private static String timeoutSetting(Token t) {
        if (t == null) {
            return null;
        }
        String name = t.kind() == Token.Kind.STRING ? t.text().strip().toLowerCase() : t.name();
        return name.equals("lock_timeout") || name.equals("statement_timeout") ? name : null;
    }

    private static boolean isOff(Token value) {
        if (value == null) {
            return false;
        }
        if (value.is("DEFAULT")) {
            return true;
        }
        String text = value.text().strip().toLowerCase();
        return (value.kind() == Token.Kind.NUMBER || value.kind() == Token.Kind.STRING)
                && text.matches("0+(\\.0*)?\\s*(us|ms|s|min|h|d)?");
    }
}
