package dev.onebinary.admin;

import dev.onebinary.domain.records.RecordMaintenance;
import dev.onebinary.tasks.Shard;
import dev.onebinary.tasks.TaskCommand;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Sends records that failed validation back to the worker. */
@Command(
        name = "fix-bad-records",
        mixinStandardHelpOptions = true,
        description = "Set invalid records back to pending (error cleared) so the worker validates them again.")
public class FixBadRecords extends TaskCommand {

    @Option(names = "--error-contains", paramLabel = "TEXT", description = "Only records whose error contains TEXT.")
    Optional<String> errorContains = Optional.empty();

    private final RecordMaintenance records;

    FixBadRecords(RecordMaintenance records) {
        this.records = records;
    }

    @Override
    public List<Long> nextKeys(long after, int limit, Shard shard) {
        return records.invalidIdsAfter(after, limit, shard, errorContains);
    }

    @Override
    public long remaining(long after, Shard shard) {
        return records.countInvalidAfter(after, shard, errorContains);
    }

    @Override
    public int process(List<Long> ids) {
        return records.markPending(ids);
    }
}
