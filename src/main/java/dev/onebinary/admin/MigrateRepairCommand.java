package dev.onebinary.admin;

import dev.onebinary.domain.ledger.RunReport;
import dev.onebinary.domain.migration.InvalidIndex;
import dev.onebinary.domain.migration.Migrations;
import dev.onebinary.platform.ExitCode;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code app migrate repair}: removes a failed migration's row from the history so it can run again. */
@Command(
        name = "repair",
        mixinStandardHelpOptions = true,
        description = "Remove failed rows from the migration history (a non-transactional migration that failed"
                + " half-way) and realign checksums with this release; lists INVALID indexes to drop.")
public class MigrateRepairCommand extends AdminCommand {

    @Override
    protected int run() {
        PrintWriter out = out();
        Migrations.Repair repair = service(Migrations.class).repair();
        service(RunReport.class)
                .put("removedFailed", repair.removedFailed())
                .put("deletedMissing", repair.deletedMissing())
                .put("alignedChecksums", repair.alignedChecksums())
                .put("invalidIndexes", repair.invalidIndexes());
        list(out, "removed the failed history row of", repair.removedFailed());
        list(out, "deleted the history row of missing migration", repair.deletedMissing());
        list(out, "aligned checksum and description with this release's script of", repair.alignedChecksums());
        for (InvalidIndex index : repair.invalidIndexes()) {
            out.println("still in the database: " + index.describe());
        }
        if (repair.removedFailed().isEmpty()
                && repair.deletedMissing().isEmpty()
                && repair.alignedChecksums().isEmpty()) {
            out.println("nothing to repair");
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void list(PrintWriter out, String what, List<String> migrations) {
        migrations.forEach(m -> out.println(what + " " + m));
    }
}
