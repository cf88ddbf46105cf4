package dev.onebinary.domain.migration.lint;

import dev.onebinary.domain.migration.MigrationDataSource;
import dev.onebinary.domain.migration.Migrations;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * {@code app migrate lint}: the static rules over this release's pending migrations and, in observed mode, what each
 * pending statement measurably does on a scratch database built from the migrations the database has applied.
 */
@ApplicationScoped
public class MigrationLinter {

    /** Timeouts on the scratch database: nothing there is shared, but a lint must still end. */
    private static final Duration SCRATCH_LOCK_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration SCRATCH_STATEMENT_TIMEOUT = Duration.ofMinutes(2);

    /** A pending script with its statements and the static findings of each. */
    private record Checked(Migrations.Script script, List<Statement> statements, List<List<Finding>> findings) {}

    private final Migrations migrations;

    MigrationLinter(Migrations migrations) {
        this.migrations = migrations;
    }

    /** Lints the migrations pending against the database (up to {@code target}); observed mode measures them too. */
    public LintReport pending(Optional<String> target, boolean observed) {
        return pending(migrations.scripts(target), observed);
    }

    /** Lints the pending scripts of {@code release} (what a prepared migration read of the database). */
    public LintReport pending(Migrations.Scripts release, boolean observed) {
        List<Migrations.Script> scripts = release.scripts();
        String schema = release.current();
        StaticRules rules = new StaticRules();
        List<Checked> checked = new ArrayList<>();
        // What the database has applied exists, whatever its version; then the pending scripts in the order they
        // would run (one added below the schema's version, out of order, runs after everything applied).
        for (Migrations.Script s : scripts) {
            if (!s.pending()) {
                rules.learn(SqlScript.statements(s.sql()));
            }
        }
        for (Migrations.Script s : scripts) {
            if (s.pending()) {
                List<Statement> statements = SqlScript.statements(s.sql());
                checked.add(new Checked(s, statements, rules.check(s.script(), statements)));
            }
        }
        if (!observed || checked.isEmpty()) {
            return report(observed && checked.isEmpty() ? "observed" : "static", null, schema, checked, List.of());
        }
        DataSource admin =
                MigrationDataSource.create("app migrate lint", SCRATCH_LOCK_TIMEOUT, SCRATCH_STATEMENT_TIMEOUT);
        Optional<String> unavailable = ScratchDatabase.unavailable(admin);
        if (unavailable.isPresent()) {
            return report("static", unavailable.get(), schema, checked, List.of());
        }
        try (ScratchDatabase scratch = ScratchDatabase.create(admin)) {
            DataSource db = scratch.dataSource(SCRATCH_LOCK_TIMEOUT, SCRATCH_STATEMENT_TIMEOUT);
            if (!schema.equals("empty")) {
                migrations.applyTo(
                        db,
                        schema,
                        checked.stream().map(c -> c.script().script()).collect(Collectors.toSet()));
            }
            List<Observer.Pending> pending = checked.stream()
                    .map(c -> new Observer.Pending(
                            c.script().script(), c.statements(), ScriptFacts.transactional(c.statements())))
                    .toList();
            return report("observed", null, schema, checked, new Observer(db).observe(pending));
        } catch (SQLException e) {
            Log.debugf(e, "observed lint unavailable");
            return report(
                    "static",
                    "the scratch database could not be used ("
                            + e.getMessage().lines().findFirst().orElse("") + "): static rules only",
                    schema,
                    checked,
                    List.of());
        }
    }

    /**
     * Lints every migration of this release, each as if the ones before it were applied: for CI, without a database.
     */
    public LintReport all() {
        List<Migrations.Script> scripts = migrations.releaseScripts();
        List<Checked> checked = new ArrayList<>();
        List<List<Statement>> parsed =
                scripts.stream().map(s -> SqlScript.statements(s.sql())).toList();
        for (int i = 0; i < scripts.size(); i++) {
            StaticRules rules = new StaticRules();
            for (int j = 0; j < i; j++) {
                rules.learn(parsed.get(j));
            }
            checked.add(new Checked(
                    scripts.get(i), parsed.get(i), rules.check(scripts.get(i).script(), parsed.get(i))));
        }
        return report("static", null, "-", checked, List.of());
    }

    private static LintReport report(
            String mode, String unavailable, String schema, List<Checked> checked, List<ObservedStatement> observed) {
        Map<String, ObservedStatement> byStatement = new HashMap<>();
        observed.forEach(o -> byStatement.put(o.script() + ":" + o.line(), o));
        List<Finding> findings = new ArrayList<>();
        List<LintReport.LintedScript> scripts = new ArrayList<>();
        for (Checked c : checked) {
            scripts.add(new LintReport.LintedScript(
                    c.script().version(),
                    c.script().script(),
                    ScriptFacts.transactional(c.statements()),
                    c.statements().size()));
            for (int i = 0; i < c.statements().size(); i++) {
                Statement s = c.statements().get(i);
                List<Finding> raw = new ArrayList<>(c.findings().get(i));
                ObservedStatement o = byStatement.get(c.script().script() + ":" + s.line());
                if (o != null) {
                    List<String> facts = o.facts();
                    raw.replaceAll(f -> f.withEvidence(facts));
                    if (o.blocking() && raw.isEmpty()) {
                        raw.add(Finding.of(
                                        Rule.OBSERVED_LOCK,
                                        c.script().script(),
                                        s.line(),
                                        s.endLine(),
                                        s.excerpt(),
                                        "measured: the statement rewrote or scanned an existing table while holding"
                                                + " a lock that blocks its writers",
                                        "observed")
                                .withEvidence(facts));
                    }
                }
                findings.addAll(Suppressions.apply(c.script().script(), s, raw));
            }
        }
        return LintReport.of(mode, unavailable, schema, scripts, findings, observed);
    }
}
