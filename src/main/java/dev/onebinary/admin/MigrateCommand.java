package dev.onebinary.admin;

import dev.onebinary.domain.ledger.RunReport;
import dev.onebinary.domain.migration.MigrationBlocked;
import dev.onebinary.domain.migration.MigrationFailed;
import dev.onebinary.domain.migration.Migrations;
import dev.onebinary.domain.migration.lint.LintReport;
import dev.onebinary.domain.migration.lint.MigrationLinter;
import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Release;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code app migrate}: applies this release's pending migrations; also plans, checks and adopts. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = "Apply this release's pending schema migrations (--dry-run plans, --check gates a deploy).",
        subcommands = {MigrateStatusCommand.class, MigrateLintCommand.class, MigrateRepairCommand.class})
public class MigrateCommand extends AdminCommand {

    /** At most one of the modes. */
    static final class Mode {
        @Option(
                names = {"--dry-run", "--plan"},
                description = "Print the pending migrations in order with their SQL and lint findings; apply nothing.")
        boolean dryRun;

        @Option(
                names = "--check",
                description =
                        "Exit 0 when nothing is pending, 5 (SCHEMA_BEHIND) when something is, 8 (UNSAFE_MIGRATION)"
                                + " when a pending migration has a lint finding, 7 (RELEASE_DRIFT) when the database is"
                                + " ahead of this release; change nothing.")
        boolean check;

        @Option(
                names = "--baseline",
                paramLabel = "VERSION",
                description = "Adopt an existing database whose schema matches this release up to VERSION: record"
                        + " VERSION as applied, then apply the migrations after it.")
        Optional<String> baseline = Optional.empty();
    }

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    @Option(names = "--target", paramLabel = "VERSION", description = "Apply (or plan) migrations up to VERSION only.")
    Optional<String> target;

    @Mixin
    ReleaseDriftOption releaseDrift;

    @Option(
            names = "--allow-unsafe",
            description = "Apply pending migrations even when the lint has unsuppressed findings (recorded).")
    boolean allowUnsafe;

    private Migrations migrations;
    private MigrationLinter linter;
    private RunReport report;

    @Override
    public boolean changesData() {
        return !(mode.dryRun || mode.check);
    }

    @Override
    public boolean changesSchema() {
        return changesData();
    }

    @Override
    public int[] exitCodes() {
        return new int[] {
            ExitCode.OK,
            ExitCode.FAILED,
            ExitCode.USAGE,
            ExitCode.UNAVAILABLE,
            ExitCode.SCHEMA_BEHIND,
            ExitCode.RELEASE_DRIFT,
            ExitCode.UNSAFE_MIGRATION,
            ExitCode.MIGRATION_BLOCKED
        };
    }

    @Override
    protected int run() {
        migrations = service(Migrations.class);
        linter = service(MigrationLinter.class);
        report = service(RunReport.class);
        PrintWriter out = out();
        if (mode.dryRun || mode.check) {
            return mode.dryRun ? plan(out) : check(out);
        }
        mode.baseline.ifPresent(version -> {
            report.put("baseline", migrations.baseline(version));
            out.printf("baseline %s recorded: migrations up to %s count as applied%n", version, version);
        });
        Migrations.Prepared prepared = migrations.prepare(target);
        LintReport lint = linter.pending(migrations.scripts(prepared), false);
        if (lint.unsuppressed() > 0) {
            LintText.findings(out, lint.unsuppressedFindings());
            out.flush();
            if (!allowUnsafe) {
                keep(lint);
                throw new AppException(
                        ExitCode.UNSAFE_MIGRATION,
                        "refused: unsafe pending migration: " + LintText.refusal(lint)
                                + "; fix or suppress it, or pass --allow-unsafe");
            }
            report.put("allowUnsafe", true);
        }
        try {
            Migrations.Outcome outcome = migrations.migrate(
                    prepared, m -> out.printf("applied %s  %s  (%d ms)%n", m.version(), m.description(), m.millis()));
            report.put("before", outcome.before())
                    .put("after", outcome.after())
                    .put("applied", versions(outcome.applied()));
            keep(lint);
            out.printf(
                    "schema %s -> %s (%s) by release %s%n",
                    outcome.before(),
                    outcome.after(),
                    outcome.applied().isEmpty()
                            ? "nothing pending"
                            : outcome.applied().size() + " applied",
                    Release.current().id());
            out.flush();
            return ExitCode.OK;
        } catch (MigrationFailed e) {
            out.flush();
            report.put("applied", versions(e.applied()));
            keep(lint);
            if (e instanceof MigrationBlocked blocked) {
                report.put("blocked", blocked.details());
                report.context("blockers", blocked.details().get("blockers"));
            }
            throw e;
        }
    }

    private int plan(PrintWriter out) {
        report.dryRun();
        List<Migrations.Planned> planned = migrations.plan(target);
        LintReport lint = linter.pending(target, false);
        report.put("pending", planned.stream().map(Migrations.Planned::version).toList());
        keep(lint);
        if (planned.isEmpty()) {
            out.println("nothing pending: the schema is up to date with release "
                    + Release.current().id());
        }
        for (Migrations.Planned p : planned) {
            out.printf(
                    "-- pending %s  %s  (%s)%s%n",
                    p.version(),
                    p.description(),
                    p.script(),
                    p.outOfOrder() ? "  OUT OF ORDER: below the schema's version, app migrate refuses it" : "");
            LintText.annotated(
                    out,
                    p.sql(),
                    lint.findings().stream()
                            .filter(f -> f.script().equals(p.script()))
                            .toList());
            out.println();
        }
        out.printf(
                "dry run: %d migration(s) pending, nothing applied; %d lint finding(s)%s%n",
                planned.size(),
                lint.unsuppressed(),
                lint.unsuppressed() > 0 ? " (app migrate refuses them without --allow-unsafe)" : "");
        out.flush();
        return ExitCode.OK;
    }

    private int check(PrintWriter out) {
        report.dryRun();
        Migrations.SchemaState state = migrations.state();
        report.put("pending", state.pending());
        if (state.ahead()) {
            report.put("ahead", state.unknownToRelease());
            throw new AppException(
                    ExitCode.RELEASE_DRIFT,
                    "the database is ahead of this release: it has applied "
                            + String.join(", ", state.unknownToRelease())
                            + ", which release " + Release.current().id() + " does not have (it knows up to "
                            + migrations.latestKnown() + ")");
        }
        if (state.pending().isEmpty()) {
            out.println("schema up to date at " + state.current() + " for release "
                    + Release.current().id());
            out.flush();
            return ExitCode.OK;
        }
        LintReport lint = linter.pending(Optional.empty(), false);
        keep(lint);
        if (lint.unsuppressed() > 0) {
            LintText.findings(out, lint.unsuppressedFindings());
            out.flush();
            throw new AppException(
                    ExitCode.UNSAFE_MIGRATION,
                    "unsafe migration pending: " + LintText.refusal(lint) + "; "
                            + state.pending().size() + " migration(s) pending: " + String.join(", ", state.pending()));
        }
        throw new AppException(
                ExitCode.SCHEMA_BEHIND,
                "schema behind: " + state.pending().size() + " migration(s) pending: "
                        + String.join(", ", state.pending())
                        + (state.outOfOrder().isEmpty()
                                ? ""
                                : " (" + String.join(", ", state.outOfOrder())
                                        + " out of order: below the schema's version, app migrate refuses it)"));
    }

    /** The ledger keeps the lint's findings and suppressions (with their reasons) when there are any. */
    private void keep(LintReport lint) {
        if (!lint.findings().isEmpty() || lint.observedUnavailable() != null) {
            report.put("lint", lint.ledgerSummary());
        }
    }

    private static List<String> versions(List<Migrations.Applied> applied) {
        return applied.stream().map(Migrations.Applied::version).toList();
    }
}
