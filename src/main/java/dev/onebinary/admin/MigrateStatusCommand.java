package dev.onebinary.admin;

import dev.onebinary.domain.migration.Migrations;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Output;
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
        description = "List applied and pending migrations with install time and the release that applied each.")
public class MigrateStatusCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Migrations migrations;
    private final Output output;

    MigrateStatusCommand(Migrations migrations, Output output) {
        this.migrations = migrations;
        this.output = output;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Migrations.Status> rows = migrations.status();
        if (json) {
            output.json(out, rows);
            return ExitCode.OK;
        }
        Table table = new Table("VERSION", "DESCRIPTION", "STATE", "INSTALLED ON", "RELEASE");
        for (Migrations.Status s : rows) {
            table.row(s.version(), s.description(), s.state(), s.installedOn(), s.release());
        }
        table.print(out);
        return ExitCode.OK;
    }
}
