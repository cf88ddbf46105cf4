package dev.onebinary.maintenance;

import dev.onebinary.tasks.Change;
import dev.onebinary.tasks.Selection;
import dev.onebinary.tasks.TableTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Sends records that failed validation back to the worker. */
@Command(
        name = "fix-bad-records",
        mixinStandardHelpOptions = true,
        description = "Set invalid records back to pending (error cleared) so the worker validates them again.")
public class FixBadRecords extends TableTask {

    @Option(names = "--error-contains", paramLabel = "TEXT", description = "Only records whose error contains TEXT.")
    String errorContains;

    @Override
    protected Selection select() {
        return Selection.of("records")
                .key("id")
                .where("status = 'invalid'")
                .where(errorContains != null, "strpos(error, ?) > 0", errorContains);
    }

    @Override
    protected Change change() {
        return Change.update("status = 'pending', error = NULL, updated_at = now()");
    }
}
