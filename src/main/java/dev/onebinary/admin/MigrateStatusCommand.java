package dev.onebinary.admin;

import dev.onebinary.domain.migration.InvalidIndex;
import dev.onebinary.domain.migration.Migrations;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Output;
import dev.onebinary.platform.Release;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code app migrate status}: applied and pending migrations, when and by which release each was applied. */
@Unrecorded
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "List applied and pending migrations with install time and the release that applied each;"
                + " say whether the database is behind, up to date or ahead of this release.")
public class MigrateStatusCommand implements Callable<Integer> {

    /** The JSON form: the verdict and the rows. */
    @RegisterForReflection
    record StatusReport(
            String verdict,
            String current,
            String release,
            String releaseKnowsUpTo,
            List<String> pending,
            List<String> ahead,
            List<InvalidIndex> invalidIndexes,
            List<Migrations.Status> migrations) {}

    /** Output formats, the same names as other commands' {@code --output}. */
    enum Format {
        text,
        json
    }

    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Format output;

    @Option(names = "--json", description = "Same as --output json.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Migrations migrations;
    private final Output writer;

    MigrateStatusCommand(Migrations migrations, Output writer) {
        this.migrations = migrations;
        this.writer = writer;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Migrations.SchemaState state = migrations.state();
        String verdict = state.ahead() ? "ahead" : state.pending().isEmpty() ? "up to date" : "behind";
        StatusReport report = new StatusReport(
                verdict,
                state.current(),
                Release.current().id(),
                migrations.latestKnown(),
                state.pending(),
                state.unknownToRelease(),
                migrations.invalidIndexes(),
                migrations.status());
        if (json || output == Format.json) {
            writer.json(out, report);
            return ExitCode.OK;
        }
        Table table = new Table("VERSION", "DESCRIPTION", "STATE", "INSTALLED ON", "RELEASE");
        for (Migrations.Status s : report.migrations()) {
            table.row(s.version(), s.description(), s.state(), s.installedOn(), s.release());
        }
        table.print(out);
        out.println(
                switch (verdict) {
                    case "ahead" ->
                        "the database is AHEAD of this release: " + String.join(", ", state.unknownToRelease())
                                + " applied, unknown to release " + report.release() + " (which knows up to "
                                + report.releaseKnowsUpTo() + ")";
                    case "behind" ->
                        "the database is behind this release: " + String.join(", ", state.pending()) + " pending";
                    default -> "the database is up to date with release " + report.release();
                });
        report.invalidIndexes().forEach(i -> out.println("warning: " + i.describe()));
        out.flush();
        return ExitCode.OK;
    }
}
