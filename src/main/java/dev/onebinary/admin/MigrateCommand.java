package dev.onebinary.admin;

import dev.onebinary.domain.ledger.RunReport;
import dev.onebinary.domain.migration.Migrations;
import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Release;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code app migrate}: applies this release's pending migrations; also plans and checks them. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = "Apply this release's pending schema migrations (--dry-run plans, --check gates a deploy).",
        subcommands = MigrateStatusCommand.class)
public class MigrateCommand extends AdminCommand {

    /** At most one of the modes that apply nothing. */
    static final class Mode {
        @Option(
                names = {"--dry-run", "--plan"},
                description = "Print the pending migrations in order with their SQL; apply and change nothing.")
        boolean dryRun;

        @Option(
                names = "--check",
                description = "Exit 0 when nothing is pending, 5 (SCHEMA_BEHIND) listing what is; change nothing.")
        boolean check;
    }

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    @Option(names = "--target", paramLabel = "VERSION", description = "Apply (or plan) migrations up to VERSION only.")
    Optional<String> target;

    private Migrations migrations;
    private RunReport report;

    @Override
    protected int run() {
        migrations = service(Migrations.class);
        report = service(RunReport.class);
        PrintWriter out = out();
        if (mode.dryRun || mode.check) {
            return mode.dryRun ? plan(out) : check(out);
        }
        try {
            Migrations.Outcome outcome = migrations.migrate(
                    target, m -> out.printf("applied %s  %s  (%d ms)%n", m.version(), m.description(), m.millis()));
            report.put("before", outcome.before())
                    .put("after", outcome.after())
                    .put("applied", versions(outcome.applied()));
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
        } catch (Migrations.MigrationFailed e) {
            out.flush();
            report.put("applied", versions(e.applied()));
            throw e;
        }
    }

    private int plan(PrintWriter out) {
        report.dryRun();
        List<Migrations.Planned> planned = migrations.plan(target);
        report.put("pending", planned.stream().map(Migrations.Planned::version).toList());
        if (planned.isEmpty()) {
            out.println("nothing pending: the schema is up to date with release "
                    + Release.current().id());
        }
        for (Migrations.Planned p : planned) {
            out.printf(
                    "-- pending %s  %s  (%s)%n%s%n",
                    p.version(), p.description(), p.script(), p.sql().strip());
            out.println();
        }
        out.printf("dry run: %d migration(s) pending, nothing applied%n", planned.size());
        out.flush();
        return ExitCode.OK;
    }

    private int check(PrintWriter out) {
        report.dryRun();
        Migrations.SchemaState state = migrations.state();
        report.put("pending", state.pending());
        if (state.pending().isEmpty()) {
            out.println("schema up to date at " + state.current() + " for release "
                    + Release.current().id());
            out.flush();
            return ExitCode.OK;
        }
        throw new AppException(
                ExitCode.SCHEMA_BEHIND,
                "schema behind: " + state.pending().size() + " migration(s) pending: "
                        + String.join(", ", state.pending()));
    }

    private static List<String> versions(List<Migrations.Applied> applied) {
        return applied.stream().map(Migrations.Applied::version).toList();
    }
}
