package dev.onebinary.admin;

import dev.onebinary.domain.ledger.RunReport;
import dev.onebinary.domain.migration.InvalidIndex;
import dev.onebinary.domain.migration.Migrations;
import dev.onebinary.platform.ExitCode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code app migrate repair}: removes a failed migration's row from the history so it can run again. */
@Command(
        name = "repair",
        mixinStandardHelpOptions = true,
        description = "Remove failed rows from the migration history (a non-transactional migration that failed"
                + " half-way) and realign checksums with this release; lists INVALID indexes to drop.")
public class MigrateRepairCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Migrations migrations;
    private final RunReport report;

    MigrateRepairCommand(Migrations migrations, RunReport report) {
        this.migrations = migrations;
        this.report = report;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Migrations.Repair repair = migrations.repair();
        report.put("removedFailed", repair.removedFailed())
                .put("deletedMissing", repair.deletedMissing())
                .put("alignedChecksums", repair.alignedChecksums())
                .put("invalidIndexes", repair.invalidIndexes());
        print(out, "removed the failed history row of", repair.removedFailed());
        print(out, "deleted the history row of missing migration", repair.deletedMissing());
        print(out, "aligned checksum and description with this release's script of", repair.alignedChecksums());
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

    private static void print(PrintWriter out, String what, List<String> migrations) {
        migrations.forEach(m -> out.println(what + " " + m));
    }
}
