package dev.onebinary.admin;

import dev.onebinary.domain.migration.Migrations;
import dev.onebinary.platform.ExitCode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code app migrate status}: applied and pending migrations, when and by which release each was applied. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "List applied and pending migrations with install time and the release that applied each.")
public class MigrateStatusCommand extends AdminCommand {

    @Mixin
    OutputOption output;

    @Override
    public boolean recorded() {
        return false;
    }

    @Override
    protected int run() {
        List<Migrations.Status> rows = service(Migrations.class).status();
        print(output, rows, out -> {
            Table table = new Table("VERSION", "DESCRIPTION", "STATE", "INSTALLED ON", "RELEASE");
            rows.forEach(s -> table.row(s.version(), s.description(), s.state(), s.installedOn(), s.release()));
            table.print(out);
        });
        return ExitCode.OK;
    }
}
