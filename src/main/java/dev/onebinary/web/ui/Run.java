package dev.onebinary.web.ui;

import dev.onebinary.platform.ExitCode;
import io.quarkus.qute.TemplateData;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One row of the ledger as the pages show it, with the database's clock at the time it was read ({@code now}), so ages
 * and durations of running runs do not depend on the web pod's clock. Arguments, error and summaries are as stored:
 * masked when they were written, never unmasked here.
 */
@TemplateData
@RegisterForReflection
public record Run(
        long id,
        String command,
        List<String> arguments,
        String release,
        String host,
        String osUser,
        String shard,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        String outcome,
        Integer exitCode,
        OffsetDateTime heartbeatAt,
        String error,
        String reason,
        Map<String, Object> summary,
        Map<String, Object> context,
        OffsetDateTime now) {

    public boolean running() {
        return "running".equals(outcome);
    }

    /** The command line as typed, arguments masked as stored: {@code app fix-bad-records --batch-size 5}. */
    public String commandLine() {
        return arguments.isEmpty() ? "app " + command : "app " + command + " " + argumentsText();
    }

    public String argumentsText() {
        return arguments.stream().map(Show::shellWord).collect(Collectors.joining(" "));
    }

    public String shardText() {
        return shard == null ? "" : shard;
    }

    public String startedText() {
        return Show.utc(startedAt);
    }

    public String startedIso() {
        return Show.iso(startedAt);
    }

    public String finishedText() {
        return Show.utc(finishedAt);
    }

    /** How long it took, or for a running run how long it has been going. */
    public Duration took() {
        OffsetDateTime end = finishedAt != null ? finishedAt : now;
        return startedAt == null || end == null ? Duration.ZERO : Duration.between(startedAt, end);
    }

    public String tookText() {
        return Show.duration(took());
    }

    public String heartbeatText() {
        return heartbeatAt == null ? Show.NONE : Show.utc(heartbeatAt) + " (" + Show.ago(sinceHeartbeat()) + ")";
    }

    /** Since the last sign of life: the heartbeat, or the start when there was none. */
    public Duration sinceHeartbeat() {
        OffsetDateTime last = heartbeatAt != null ? heartbeatAt : startedAt;
        return last == null || now == null ? Duration.ZERO : Duration.between(last, now);
    }

    public String exitText() {
        return exitCode == null ? "" : exitCode.toString();
    }

    /** What the exit code means: {@code another run holds this task's lock}. */
    public String exitMeaning() {
        return exitCode == null ? "" : ExitCode.describe(exitCode);
    }

    public String errorLine() {
        return error == null ? "" : error.lines().findFirst().orElse("");
    }

    public boolean hasError() {
        return error != null && !error.isBlank();
    }

    public boolean hasReason() {
        return reason != null && !reason.isBlank();
    }
}
