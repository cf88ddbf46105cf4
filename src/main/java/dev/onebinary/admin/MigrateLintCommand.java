package dev.onebinary.admin;

import dev.onebinary.domain.migration.lint.LintReport;
import dev.onebinary.domain.migration.lint.MigrationLinter;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Output;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code app migrate lint}: what each pending migration statement would do to a live table. Not a ledger run: it
 * changes nothing in the database, and {@code --all} must work in CI without one.
 */
@Unrecorded
@Command(
        name = "lint",
        mixinStandardHelpOptions = true,
        description = "Check the pending migrations against rules for live PostgreSQL tables; exit 8"
                + " (UNSAFE_MIGRATION) on an unsuppressed finding.")
public class MigrateLintCommand implements Callable<Integer> {

    /** Output formats, the same names as other commands' {@code --output}. */
    enum Format {
        text,
        json
    }

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

    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Format output;

    @Spec
    CommandSpec spec;

    private final MigrationLinter linter;
    private final Output json;

    MigrateLintCommand(MigrationLinter linter, Output json) {
        this.linter = linter;
        this.json = json;
    }

    @Override
    public Integer call() {
        if (all && (observed || target.isPresent())) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--all reads no database: it cannot be combined with --observed or --target");
        }
        LintReport report = all ? linter.all() : linter.pending(target, observed);
        PrintWriter out = spec.commandLine().getOut();
        if (output == Format.json) {
            json.json(out, report);
        } else {
            LintText.report(out, report);
        }
        return report.unsuppressed() > 0 ? ExitCode.UNSAFE_MIGRATION : ExitCode.OK;
    }
}
