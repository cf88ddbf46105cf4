package dev.onebinary.tasks;

import dev.onebinary.domain.ledger.AdminRun;
import dev.onebinary.domain.ledger.Ledger;
import dev.onebinary.domain.ledger.RunReport;
import dev.onebinary.domain.migration.Migrations;
import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Interruption;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a {@link BatchTask}: checks the schema, takes the task's lock, resumes from its cursor, then processes keyset
 * batches, each in its own short transaction that also saves the cursor, until the selection runs out, the limit or
 * the time budget is reached, or SIGTERM/SIGINT arrives (after the batch in hand). A dry run walks the same
 * selection inside one READ ONLY transaction.
 */
@ApplicationScoped
public class TaskRunner {

    /** The identity of a task run: the task's name, its own arguments (which key its cursor) and its shard. */
    public record Run(String task, String arguments, Shard shard) {}

    private static final int FIRST_KEYS = 10;

    private final TaskLock locks;
    private final TaskCursors cursors;
    private final Migrations migrations;
    private final Ledger ledger;
    private final RunReport report;
    private final AgroalDataSource dataSource;

    TaskRunner(
            TaskLock locks,
            TaskCursors cursors,
            Migrations migrations,
            Ledger ledger,
            RunReport report,
            AgroalDataSource dataSource) {
        this.locks = locks;
        this.cursors = cursors;
        this.migrations = migrations;
        this.ledger = ledger;
        this.report = report;
        this.dataSource = dataSource;
    }

    public TaskReport run(BatchTask task, Run run, TaskOptions options) throws InterruptedException {
        report.shard(run.shard().toString());
        if (options.dryRun) {
            report.dryRun();
        }
        List<String> pending = migrations.state().pending();
        if (!pending.isEmpty()) {
            throw new AppException(
                    ExitCode.SCHEMA_BEHIND,
                    "refusing to run: migrations of this release are pending (" + String.join(", ", pending)
                            + "); run `app migrate` first");
        }
        try (TaskLock.Held lock = locks.acquire(run.task(), run.shard(), options.waitForLock, report.runId())
                        .orElseThrow(() -> locked(run));
                Interruption stop = Interruption.install()) {
            long from = options.restart
                    ? 0
                    : cursors.load(run.task(), run.arguments(), run.shard())
                            .filter(c -> !c.complete())
                            .map(TaskCursors.Cursor::lastKey)
                            .orElse(0L);
            TaskReport result =
                    options.dryRun ? dryRun(task, run, options, from) : execute(task, run, options, from, stop);
            result.asSummary().forEach(report::put);
            return result;
        }
    }

    private TaskReport execute(BatchTask task, Run run, TaskOptions options, long from, Interruption stop) {
        long limit = options.limit().orElse(Long.MAX_VALUE);
        long total = Math.min(limit, task.remaining(from, run.shard()));
        Progress progress = new Progress(run.task() + " " + run.shard(), total);
        long started = System.nanoTime();
        long cursor = from;
        long examined = 0;
        long changed = 0;
        long batches = 0;
        long longest = 0;
        String status = TaskReport.COMPLETE;
        Long runId = report.runId().orElse(null);
        while (true) {
            if (stop.requested()) {
                status = "interrupted by " + stop.signalName();
                break;
            }
            if (options.maxDuration != null && System.nanoTime() - started >= options.maxDuration.toNanos()) {
                status = "stopped at --max-duration " + options.maxDuration.toSeconds() + "s";
                break;
            }
            if (examined >= limit) {
                status = "stopped at --limit " + limit;
                break;
            }
            int size = (int) Math.min(options.batchSize, limit - examined);
            long after = cursor;
            long examinedSoFar = examined;
            long changedSoFar = changed;
            long batchStart = System.nanoTime();
            Batch batch = QuarkusTransaction.requiringNew().call(() -> {
                List<Long> keys = task.nextKeys(after, size, run.shard());
                if (keys.isEmpty()) {
                    cursors.save(
                            run.task(),
                            run.arguments(),
                            run.shard(),
                            new TaskCursors.Cursor(after, true, examinedSoFar, changedSoFar),
                            runId);
                    return new Batch(0, 0, after);
                }
                int rows = task.process(keys);
                long last = keys.getLast();
                cursors.save(
                        run.task(),
                        run.arguments(),
                        run.shard(),
                        new TaskCursors.Cursor(last, false, examinedSoFar + keys.size(), changedSoFar + rows),
                        runId);
                return new Batch(keys.size(), rows, last);
            });
            if (batch.keys() == 0) {
                break;
            }
            longest = Math.max(longest, (System.nanoTime() - batchStart) / 1_000_000);
            batches++;
            examined += batch.keys();
            changed += batch.changed();
            cursor = batch.last();
            progress.update(examined);
            stop.pause(options.throttle);
        }
        progress.finish();
        long ms = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        return new TaskReport(
                run.task(),
                run.shard().toString(),
                false,
                status,
                from,
                examined,
                changed,
                0,
                List.of(),
                batches,
                ms,
                examined * 1000 / ms,
                longest,
                cursor);
    }

    private TaskReport dryRun(BatchTask task, Run run, TaskOptions options, long from) {
        long limit = options.limit().orElse(Long.MAX_VALUE);
        long started = System.nanoTime();
        return QuarkusTransaction.requiringNew().call(() -> {
            ReadOnlyTransaction.enforce(dataSource);
            List<Long> first = new ArrayList<>();
            long cursor = from;
            long count = 0;
            long batches = 0;
            while (count < limit) {
                List<Long> keys = task.nextKeys(cursor, (int) Math.min(options.batchSize, limit - count), run.shard());
                if (keys.isEmpty()) {
                    break;
                }
                for (Long k : keys) {
                    if (first.size() < FIRST_KEYS) {
                        first.add(k);
                    }
                }
                batches++;
                count += keys.size();
                cursor = keys.getLast();
            }
            long ms = Math.max(1, (System.nanoTime() - started) / 1_000_000);
            return new TaskReport(
                    run.task(),
                    run.shard().toString(),
                    true,
                    "dry run",
                    from,
                    count,
                    0,
                    count,
                    List.copyOf(first),
                    batches,
                    ms,
                    count * 1000 / ms,
                    0,
                    cursor);
        });
    }

    private AppException locked(Run run) {
        Optional<AdminRun> holder = locks.holder(run.task(), run.shard()).flatMap(ledger::find);
        String who = holder.map(h -> "run " + h.id() + " (release " + h.release() + ", host " + h.host() + ", started "
                        + h.startedAt() + ")")
                .orElse("another run");
        return new AppException(
                ExitCode.LOCKED,
                run.task() + " shard " + run.shard() + " is locked by " + who + "; try again later or use --wait");
    }

    private record Batch(int keys, int changed, long last) {}
}
