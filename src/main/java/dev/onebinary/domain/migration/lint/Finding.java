package dev.onebinary.domain.migration.lint;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;

/**
 * One lint finding: where (script and line), which rule, what exactly, why it is dangerous and the safe alternative;
 * whether an inline comment suppressed it and why; and, in observed mode, what the scratch database measured.
 */
@RegisterForReflection
public record Finding(
        String script,
        int line,
        int endLine,
        String rule,
        String message,
        String why,
        String safe,
        String statement,
        boolean suppressed,
        String reason,
        String source,
        List<String> evidence) {

    static Finding of(Rule rule, String script, Statement statement, String message) {
        return of(rule, script, statement.line(), statement.endLine(), statement.excerpt(), message, "static");
    }

    static Finding of(Rule rule, String script, int line, int endLine, String excerpt, String message, String source) {
        return new Finding(
                script,
                line,
                endLine,
                rule.id(),
                message,
                rule.why(),
                rule.safe(),
                excerpt,
                false,
                null,
                source,
                List.of());
    }

    Finding suppress(String why) {
        return new Finding(
                script, line, endLine, rule, message, this.why, safe, statement, true, why, source, evidence);
    }

    Finding withEvidence(List<String> facts) {
        List<String> all = new ArrayList<>(evidence);
        all.addAll(facts);
        return new Finding(script, line, endLine, rule, message, why, safe, statement, suppressed, reason, source, all);
    }
}
