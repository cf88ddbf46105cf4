package dev.onebinary.maintenance;

import dev.onebinary.platform.Durations;
import dev.onebinary.tasks.Change;
import dev.onebinary.tasks.Selection;
import dev.onebinary.tasks.TableTask;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Deletes processed records nobody has touched for a while: the seeds' cleanup script, done safely. */
@Command(
        name = "purge-records",
        mixinStandardHelpOptions = true,
        description = "Delete processed records last updated longer ago than --older-than (e.g. 365d).")
public class PurgeRecords extends TableTask {

    @Option(
            names = "--older-than",
            paramLabel = "DURATION",
            required = true,
            converter = Durations.class,
            description = "Age of the last update, e.g. 365d, 12h.")
    Duration olderThan;

    /** Fixed when the run starts, so the selection does not move while the run goes. */
    private OffsetDateTime cutoff;

    @Override
    protected void beforeRun() {
        cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(olderThan);
    }

    @Override
    protected Selection select() {
        return Selection.of("records").key("id").where("status = 'processed'").where("updated_at < ?", cutoff);
    }

    @Override
    protected Change change() {
        return Change.delete();
    }
}
