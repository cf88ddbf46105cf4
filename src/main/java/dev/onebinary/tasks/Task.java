package dev.onebinary.tasks;

import dev.onebinary.admin.AdminCommand;
import dev.onebinary.admin.ReleaseDriftOption;
import dev.onebinary.domain.ledger.RunReport;
import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;

/**
 * The base of every one-off task command. A task names itself with {@code @Command}, declares its own options, and
 * says what it works through ({@link TableTask}: rows of a table; {@link LinesTask}: lines of a file); the options every
 * task shares, locking, batching, cursors, dry runs, signals, progress, the report and the ledger come from here.
 *
 * <p>Optional hooks: {@link #beforeRun()} (validate options, prepare), {@link #afterBatch(BatchResult)},
 * {@link #afterRun(TaskReport)} (summary fields for the report and the ledger).
 */
public abstract class Task extends AdminCommand {

    /** What one committed batch did, for {@link #afterBatch}. */
    public record BatchResult(int examined, int changed, long rejected, Object position, long millis) {}

    @Mixin
    protected TaskOptions options;

    @Mixin
    protected ReleaseDriftOption releaseDrift;

    /** A task changes data unless it is a dry run. */
    @Override
    public boolean changesData() {
        return !options.dryRun();
    }

    @Override
    public int[] exitCodes() {
        return new int[] {
            ExitCode.OK,
            ExitCode.FAILED,
            ExitCode.USAGE,
            ExitCode.UNAVAILABLE,
            ExitCode.LOCKED,
            ExitCode.SCHEMA_BEHIND,
            ExitCode.LOCK_LOST,
            ExitCode.RELEASE_DRIFT,
            ExitCode.SIGINT,
            ExitCode.SIGTERM
        };
    }

    /** Before the run, once options are parsed: validate them (throw a usage error) or prepare. */
    protected void beforeRun() {}

    /** After each committed batch. */
    protected void afterBatch(BatchResult result) {}

    /** After the run: fields to add to the report's summary and the ledger. */
    protected Map<String, Object> afterRun(TaskReport report) {
        return Map.of();
    }

    /** What this run works through; opened once per run on a connection of the runner's. */
    abstract Work open(Connection c, Shard shard) throws SQLException;

    @Override
    protected final int run() {
        RunReport ledger = service(RunReport.class);
        ledger.shard(options.shard().toString());
        if (options.dryRun) {
            ledger.dryRun();
        }
        TaskReport report = service(TaskRunner.class).run(this, ledger.runId(), ledger::put);
        print(report);
        if (report.outcome().failed()) {
            // The report went to stdout; the reason goes to stderr and into the ledger's error, as failures do.
            throw new AppException(
                    report.outcome().exitCode(), report.task() + " shard " + report.shard() + " " + report.status());
        }
        return report.outcome().exitCode();
    }

    /**
     * Whether a cursor that reached the end is kept for the next run with the same arguments: false for a table (the
     * next run looks at the table again), true for an input that must never be imported twice.
     */
    boolean keepsCompletedCursor() {
        return false;
    }

    /** The task's own options, as given: the same arguments resume the same cursor. */
    String ownArguments() {
        return spec.options().stream()
                .filter(o -> spec.mixins().values().stream()
                        .noneMatch(m -> m.options().contains(o)))
                .filter(o -> !o.usageHelp() && !o.versionHelp())
                .filter(o -> o.getValue() != null && !Boolean.FALSE.equals(o.getValue()))
                .map(o -> o.longestName() + "=" + o.getValue())
                .sorted()
                .collect(Collectors.joining(" "));
    }

    String taskName() {
        return spec.name();
    }

    TaskOptions options() {
        return options;
    }

    private void print(TaskReport r) {
        print(options.output, r, out -> text(out, r));
    }

    private static void text(PrintWriter out, TaskReport r) {
        if (r.dryRun()) {
            out.printf("%s shard %s: dry run, nothing changed%n", r.task(), r.shard());
            out.printf("  would change  %d%n", r.wouldChange());
            if (r.wouldReject() > 0) {
                out.printf("  would reject  %d%n", r.wouldReject());
            }
            out.printf("  first keys    %s%n", r.firstKeys());
            out.printf("  from key      %s%n", r.startedFrom());
        } else {
            out.printf("%s shard %s: %s%n", r.task(), r.shard(), r.status());
            out.printf("  examined       %d%n", r.examined());
            out.printf("  changed        %d%n", r.changed());
            if (r.rejected() > 0) {
                out.printf("  rejected       %d%n", r.rejected());
            }
            out.printf("  batches        %d%n", r.batches());
            out.printf("  duration       %d ms%n", r.durationMs());
            out.printf("  rate           %d rows/s%n", r.rowsPerSecond());
            out.printf("  longest batch  %d ms%n", r.longestBatchMs());
            out.printf("  cursor         %s (started from %s)%n", r.cursor(), r.startedFrom());
        }
        r.extra().forEach((k, v) -> out.printf("  %-14s %s%n", k, v));
    }
}
