package dev.onebinary.domain.migration.lint;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code app migrate lint} found: the scripts it read, each finding (suppressed ones included, with their
 * reasons), and in observed mode what PostgreSQL did with each statement on a scratch database.
 */
@RegisterForReflection
public record LintReport(
        String mode,
        String observedUnavailable,
        String schema,
        List<LintedScript> scripts,
        List<Finding> findings,
        List<ObservedStatement> observed,
        int unsuppressed,
        int suppressed,
        List<RuleInfo> rules) {

    /** A script the lint read. */
    @RegisterForReflection
    public record LintedScript(String version, String script, boolean transactional, int statements) {}

    /** A rule of the catalogue, for a report reader who wants the whole list. */
    @RegisterForReflection
    public record RuleInfo(String id, String why, String safe) {}

    static LintReport of(
            String mode,
            String observedUnavailable,
            String schema,
            List<LintedScript> scripts,
            List<Finding> findings,
            List<ObservedStatement> observed) {
        int suppressed = (int) findings.stream().filter(Finding::suppressed).count();
        return new LintReport(
                mode,
                observedUnavailable,
                schema,
                scripts,
                findings,
                observed,
                findings.size() - suppressed,
                suppressed,
                Arrays.stream(Rule.values())
                        .map(r -> new RuleInfo(r.id(), r.why(), r.safe()))
                        .toList());
    }

    public List<Finding> unsuppressedFindings() {
        return findings.stream().filter(f -> !f.suppressed()).toList();
    }

    /**
     * What a run's ledger row keeps: every finding by place and rule, and each suppression with its reason, so the
     * history shows who applied what against which warning.
     */
    public Map<String, Object> ledgerSummary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("mode", mode);
        summary.put(
                "findings",
                findings.stream()
                        .filter(f -> !f.suppressed())
                        .map(f -> f.script() + ":" + f.line() + " " + f.rule())
                        .toList());
        summary.put(
                "suppressed",
                findings.stream()
                        .filter(Finding::suppressed)
                        .map(f -> Map.of("at", f.script() + ":" + f.line(), "rule", f.rule(), "reason", f.reason()))
                        .toList());
        if (observedUnavailable != null) {
            summary.put("observedUnavailable", observedUnavailable);
        }
        return summary;
    }
}
