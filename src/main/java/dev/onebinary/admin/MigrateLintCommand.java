package dev.onebinary.admin;

import dev.onebinary.domain.migration.lint.LintReport;
import dev.onebinary.domain.migration.lint.MigrationLinter;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.ProcessMode;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code app migrate lint}: what each pending migration statement would do to a live table. Not a ledger run: it
 * changes nothing in the database, and {@code --all} must work in CI without one.
 */
@Command(
        name = "lint",
        mixinStandardHelpOptions = true,
        description = "Check the pending migrations against rules for live PostgreSQL tables; exit 8"
                + " (UNSAFE_MIGRATION) on an unsuppressed finding.")
public class MigrateLintCommand extends AdminCommand {

    @Option(
            names = "--observed",
            description = "Also run each pending statement on a scratch database built from the applied migrations"
                    + " and report the locks, rewrites and scans PostgreSQL measured (needs CREATEDB; falls back to"
                    + " the static rules without it).")
    boolean observed;

    @Option(
            names = "--all",
            description = "Lint every migration of this release, each as if those before it were applied; needs no"
                    + " database.")
    boolean all;

    @Option(names = "--target", paramLabel = "VERSION", description = "Lint pending migrations up to VERSION only.")
    Optional<String> target;

    @Mixin
    OutputOption output;

    @Override
    public boolean recorded() {
        return false;
    }

    /** {@code --all} reads only the release's scripts: the configuration is enough, no connection is opened. */
    @Override
    public ProcessMode.Boot boot() {
        return all ? ProcessMode.Boot.CONFIG : ProcessMode.Boot.DATABASE;
    }

    @Override
    public int[] exitCodes() {
        return new int[] {ExitCode.OK, ExitCode.FAILED, ExitCode.USAGE, ExitCode.UNAVAILABLE, ExitCode.UNSAFE_MIGRATION
        };
    }

    @Override
    protected int run() {
        if (all && (observed || target.isPresent())) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--all reads no database: it cannot be combined with --observed or --target");
        }
        MigrationLinter linter = service(MigrationLinter.class);
        LintReport report = all ? linter.all() : linter.pending(target, observed);
        print(output, report, out -> LintText.report(out, report));
        return report.unsuppressed() > 0 ? ExitCode.UNSAFE_MIGRATION : ExitCode.OK;
    }
}
