package dev.onebinary.admin;

import dev.onebinary.domain.migration.InvalidIndex;
import dev.onebinary.domain.migration.Migrations;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Release;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code app migrate status}: applied and pending migrations, when and by which release each was applied, and whether
 * the database is behind, up to date or ahead of this release. The JSON form stays the array of rows of the first
 * release (scripts read it); a row this release does not know has the state {@code ahead}.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "List applied and pending migrations with install time and the release that applied each;"
                + " say whether the database is behind, up to date or ahead of this release.")
public class MigrateStatusCommand extends AdminCommand {

    @Mixin
    OutputOption output;

    @Override
    public boolean recorded() {
        return false;
    }

    @Override
    protected int run() {
        Migrations migrations = service(Migrations.class);
        List<Migrations.Status> rows = migrations.status();
        print(output, rows, out -> {
            Table table = new Table("VERSION", "DESCRIPTION", "STATE", "INSTALLED ON", "RELEASE");
            rows.forEach(s -> table.row(s.version(), s.description(), s.state(), s.installedOn(), s.release()));
            table.print(out);
            Migrations.SchemaState state = migrations.state();
            String release = Release.current().id();
            if (state.ahead()) {
                out.println("the database is AHEAD of this release: " + String.join(", ", state.unknownToRelease())
                        + " applied, unknown to release " + release + " (which knows up to "
                        + migrations.latestKnown() + ")");
            } else if (!state.pending().isEmpty()) {
                out.println("the database is behind this release: " + String.join(", ", state.pending()) + " pending");
            } else {
                out.println("the database is up to date with release " + release);
            }
            for (InvalidIndex index : migrations.invalidIndexes()) {
                out.println("warning: " + index.describe());
            }
        });
        return ExitCode.OK;
    }
}
