package dev.onebinary.admin;

import dev.onebinary.domain.records.RecordMaintenance;
import dev.onebinary.platform.Durations;
import dev.onebinary.tasks.Shard;
import dev.onebinary.tasks.TaskCommand;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Deletes processed records nobody has touched for a while: the seeds' cleanup script, done safely. */
@Command(
        name = "purge-records",
        mixinStandardHelpOptions = true,
        description = "Delete processed records last updated longer ago than --older-than (e.g. 365d).")
public class PurgeRecords extends TaskCommand {

    @Option(
            names = "--older-than",
            paramLabel = "DURATION",
            required = true,
            converter = Durations.class,
            description = "Age of the last update, e.g. 365d, 12h.")
    Duration olderThan;

    private final RecordMaintenance records;
    private OffsetDateTime cutoff;

    PurgeRecords(RecordMaintenance records) {
        this.records = records;
    }

    /** Fixed when the run starts, so the selection does not move while the run goes. */
    private OffsetDateTime cutoff() {
        if (cutoff == null) {
            cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(olderThan);
        }
        return cutoff;
    }

    @Override
    public List<Long> nextKeys(long after, int limit, Shard shard) {
        return records.processedIdsBefore(cutoff(), after, limit, shard);
    }

    @Override
    public long remaining(long after, Shard shard) {
        return records.countProcessedBefore(cutoff(), after, shard);
    }

    @Override
    public int process(List<Long> ids) {
        return records.deleteProcessed(ids, cutoff());
    }
}
