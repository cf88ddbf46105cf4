package dev.onebinary.tasks;

import dev.onebinary.admin.OutputOption;
import dev.onebinary.platform.Durations;
import dev.onebinary.platform.OptionBounds;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every task shares; validated when the command line is parsed (before anything starts), so a bad value
 * is one line, exit 2, and changes nothing. Every value has bounds, named in the message.
 */
public class TaskOptions {

    static final Duration MAX_WAIT = Duration.ofDays(1);
    static final Duration MAX_DURATION = Duration.ofDays(30);
    static final Duration MAX_THROTTLE = Duration.ofHours(1);

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Report what would change, in a READ ONLY transaction; change nothing.")
    boolean dryRun;

    int batchSize = 1000;

    @Option(
            names = "--restart",
            description = "Start from the first key instead of resuming after the last run's cursor.")
    boolean restart;

    Duration waitForLock = Duration.ZERO;

    Long limit;

    Duration maxDuration;

    Duration throttle = Duration.ZERO;

    Shard shard;

    @Mixin
    OutputOption output;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Keys per batch, 1 to 100000; each batch is its own transaction (default: ${DEFAULT-VALUE}).")
    void batchSize(int n) {
        batchSize = (int) OptionBounds.between(spec, "--batch-size", n, 1, 100_000);
    }

    @Option(
            names = "--wait",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "When another run holds the lock, wait up to DURATION (at most 1d) instead of exiting 4.")
    void waitForLock(Duration wait) {
        waitForLock = OptionBounds.between(spec, "--wait", wait, Duration.ZERO, MAX_WAIT);
    }

    @Option(names = "--limit", paramLabel = "N", description = "Examine at most N keys in this run (at least 1).")
    void limit(long n) {
        limit = OptionBounds.atLeast(spec, "--limit", n, 1);
    }

    @Option(
            names = "--max-duration",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Stop cleanly after the batch in hand once DURATION (1s to 30d) has passed (resumable).")
    void maxDuration(Duration d) {
        maxDuration = OptionBounds.between(spec, "--max-duration", d, Duration.ofSeconds(1), MAX_DURATION);
    }

    @Option(
            names = "--throttle",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Pause between batches, e.g. 100ms (at most 1h).")
    void throttle(Duration d) {
        throttle = OptionBounds.between(spec, "--throttle", d, Duration.ZERO, MAX_THROTTLE);
    }

    @Option(
            names = "--shard",
            paramLabel = "I/N",
            description = "Take the keys with key %% N = I (default: JOB_COMPLETION_INDEX/JOB_COMPLETIONS when set).")
    void shard(String value) {
        try {
            shard = Shard.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--shard: " + e.getMessage());
        }
    }

    /** The shard from --shard, else from a Kubernetes Indexed Job's environment, else all keys. */
    public Shard shard() {
        if (shard != null) {
            return shard;
        }
        String index = System.getenv("JOB_COMPLETION_INDEX");
        String count = System.getenv("JOB_COMPLETIONS");
        if (index != null && count != null) {
            try {
                return new Shard(Integer.parseInt(index.strip()), Integer.parseInt(count.strip()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(),
                        "JOB_COMPLETION_INDEX/JOB_COMPLETIONS do not make a shard: " + index + "/" + count);
            }
        }
        return Shard.ALL;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public Optional<Long> limit() {
        return Optional.ofNullable(limit);
    }
}
