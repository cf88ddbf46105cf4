package dev.onebinary.tasks;

import dev.onebinary.domain.DatabaseException;
import dev.onebinary.domain.ledger.AdminRun;
import dev.onebinary.domain.ledger.Ledger;
import dev.onebinary.domain.migration.Migrations;
import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Interruption;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Runs a {@link Task}: checks the schema, takes the task's lock and lease, resumes from its cursor, then works through
 * batches, each in its own short transaction that proves the lease and saves the cursor, until the work runs out, the
 * limit or the time budget is reached, a signal arrives (after the batch in hand) or the lease is lost. A dry run walks
 * the same selection inside one READ ONLY transaction.
 */
@ApplicationScoped
public class TaskRunner {

    /** The identity of a task run: the task's name, its own arguments (which key its cursor), its shard, its ledger id. */
    public record Run(String task, String arguments, Shard shard, Optional<Long> runId) {}

    private final TaskLock locks;
    private final TaskCursors cursors;
    private final Migrations migrations;
    private final Ledger ledger;
    private final AgroalDataSource dataSource;

    TaskRunner(TaskLock locks, TaskCursors cursors, Migrations migrations, Ledger ledger, AgroalDataSource dataSource) {
        this.locks = locks;
        this.cursors = cursors;
        this.migrations = migrations;
        this.ledger = ledger;
        this.dataSource = dataSource;
    }

    /**
     * Runs the task with its parsed options; {@code summary} receives the run's figures as they change (the ledger's
     * summary), so a run that fails midway still records how far it got.
     */
    public TaskReport run(Task task, Optional<Long> runId, BiConsumer<String, Object> summary) {
        TaskOptions options = task.options();
        Run run = new Run(task.taskName(), task.ownArguments(), options.shard(), runId);
        requireSchema();
        task.beforeRun();
        try (Interruption stop = Interruption.install()) {
            TaskReport report = withLock(run, options, stop, lease -> {
                Position from = resumePosition(run, options, task.keepsCompletedCursor());
                try (Work work = open(task, run)) {
                    return options.dryRun
                            ? dryRun(work, run, from, options)
                            : batches(task, work, run, lease, from, options, stop, summary);
                }
            });
            report = report.with(task.afterRun(report));
            report.asSummary().forEach(summary);
            return report;
        }
    }

    /** A task runs only against the schema of its release. */
    private void requireSchema() {
        List<String> pending = migrations.state().pending();
        if (!pending.isEmpty()) {
            throw new AppException(
                    ExitCode.SCHEMA_BEHIND,
                    "refusing to run: migrations of this release are pending (" + String.join(", ", pending)
                            + "); run `app migrate` first");
        }
    }

    private interface Locked {
        TaskReport run(TaskLock.Lease lease) throws SQLException;
    }

    /** Takes the lock (waiting up to --wait, or until a signal), runs, releases; exit 4 naming the holder if taken. */
    private TaskReport withLock(Run run, TaskOptions options, Interruption stop, Locked body) {
        Optional<TaskLock.Held> held = locks.acquire(run.task(), run.shard(), options.waitForLock, run.runId(), stop);
        if (held.isEmpty()) {
            if (stop.requested()) {
                TaskOutcome outcome = TaskOutcome.interruptedBy(stop.signalName());
                return TaskReport.finished(
                        run,
                        outcome,
                        outcome.label() + " while waiting for the lock",
                        Position.START,
                        new TaskReport.Totals(0, 0, 0, 0, 0, 0),
                        Position.START);
            }
            throw locked(run);
        }
        try (TaskLock.Held lock = held.get()) {
            return body.run(lock.lease());
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private Position resumePosition(Run run, TaskOptions options, boolean keepsCompleted) {
        if (options.restart) {
            return Position.START;
        }
        return cursors.load(run)
                .filter(c -> !c.complete() || keepsCompleted)
                .map(c -> c.complete() ? c.position().completed() : c.position())
                .orElse(Position.START);
    }

    private Work open(Task task, Run run) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return task.open(c, run.shard());
        }
    }

    /** Every batch until the work runs out or the run is stopped; each commits its changes with its cursor. */
    private TaskReport batches(
            Task task,
            Work work,
            Run run,
            TaskLock.Lease lease,
            Position from,
            TaskOptions options,
            Interruption stop,
            BiConsumer<String, Object> summary)
            throws SQLException {
        long limit = options.limit().orElse(Long.MAX_VALUE);
        long remaining = remaining(work, from);
        Progress progress = new Progress(
                run,
                work.unit(),
                remaining < 0 ? -1 : work.unit().equals("rows") ? Math.min(limit, remaining) : remaining);
        Guard guard = new Guard(run, lease, 0, 0);
        long started = System.nanoTime();
        Position cursor = from;
        long batches = 0;
        long longest = 0;
        long rejected = 0;
        TaskOutcome outcome = TaskOutcome.COMPLETE;
        String status = outcome.label();
        while (true) {
            if (stop.requested()) {
                outcome = TaskOutcome.interruptedBy(stop.signalName());
                status = outcome.label();
                break;
            }
            if (options.maxDuration != null && System.nanoTime() - started >= options.maxDuration.toNanos()) {
                outcome = TaskOutcome.TIME_BUDGET_SPENT;
                status = outcome.label() + " " + dev.onebinary.platform.Durations.format(options.maxDuration);
                break;
            }
            if (guard.examined() >= limit) {
                outcome = TaskOutcome.LIMIT_REACHED;
                status = outcome.label() + " " + limit;
                break;
            }
            int size = (int) Math.min(options.batchSize, limit - guard.examined());
            long batchStart = System.nanoTime();
            Work.Step step = batch(work, cursor, size, guard);
            if (!step.leaseHeld()) {
                Optional<String> taker = locks.takenOverBy(lease);
                outcome = taker.isPresent() ? TaskOutcome.LOCK_LOST : TaskOutcome.CONNECTION_LOST;
                status = lockLost(taker);
                break;
            }
            if (step.examined() == 0) {
                break;
            }
            long millis = (System.nanoTime() - batchStart) / 1_000_000;
            longest = Math.max(longest, millis);
            batches++;
            rejected += step.rejected();
            guard.committed(step);
            cursor = step.last();
            summary.accept("examined", guard.examined());
            summary.accept("changed", guard.changed());
            summary.accept("batches", batches);
            summary.accept("cursor", cursor.shown());
            task.afterBatch(
                    new Task.BatchResult(step.examined(), step.changed(), step.rejected(), cursor.shown(), millis));
            if (progress.update(work.progress(guard.examined()), guard.examined(), guard.changed(), batches)) {
                saveProgress(run, guard, batches, cursor);
            }
            Optional<TaskOutcome> stopped = work.stop();
            if (stopped.isPresent()) {
                outcome = stopped.get();
                status = outcome.label();
                break;
            }
            stop.pause(options.throttle);
        }
        progress.finish();
        long ms = (System.nanoTime() - started) / 1_000_000;
        return TaskReport.finished(
                run,
                outcome,
                status,
                from,
                new TaskReport.Totals(guard.examined(), guard.changed(), rejected, batches, longest, ms),
                cursor);
    }

    private long remaining(Work work, Position from) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return work.remaining(c, from);
        }
    }

    /**
     * One batch in its own transaction: the lease proven first (its row stays locked until commit), the work, the
     * cursor; or the work's own single statement doing all three. When nothing is left, the cursor is marked complete.
     */
    private Work.Step batch(Work work, Position from, int size, Guard guard) throws SQLException {
        work.prefetch(from, size);
        try (Connection c = dataSource.getConnection()) {
            if (work.guardsItself()) {
                Work.Step step = work.next(c, from, size, guard);
                if (step.examined() > 0 || !step.leaseHeld()) {
                    return step;
                }
                return complete(c, from, guard);
            }
            c.setAutoCommit(false);
            try {
                if (!guard.holds(c)) {
                    c.rollback();
                    return new Work.Step(0, 0, from, false, 0);
                }
                Work.Step step = work.next(c, from, size, guard);
                guard.save(c, step, step.examined() == 0);
                c.commit();
                return step;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static Work.Step complete(Connection c, Position at, Guard guard) throws SQLException {
        c.setAutoCommit(false);
        try {
            Work.Step done = Work.Step.nothingLeft(at);
            if (!guard.holds(c)) {
                c.rollback();
                return new Work.Step(0, 0, at, false, 0);
            }
            guard.save(c, done, true);
            c.commit();
            return done;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** What a real run would do, inside one READ ONLY transaction: PostgreSQL refuses any write. */
    private TaskReport dryRun(Work work, Run run, Position from, TaskOptions options) throws SQLException {
        long started = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
                Work.DryRun d = work.dryRun(c, from, options.limit().orElse(Long.MAX_VALUE), options.batchSize);
                return TaskReport.dryRun(run, from, d, (System.nanoTime() - started) / 1_000_000);
            } finally {
                rollbackQuietly(c);
                c.setAutoCommit(true);
            }
        }
    }

    private void saveProgress(Run run, Guard guard, long batches, Position cursor) {
        run.runId()
                .ifPresent(id -> ledger.progress(
                        id,
                        Map.of(
                                "shard", run.shard().toString(),
                                "status", "running",
                                "examined", guard.examined(),
                                "changed", guard.changed(),
                                "batches", batches,
                                "cursor", cursor.shown())));
    }

    private static String lockLost(Optional<String> taker) {
        return taker.map(who -> "lost its lock: " + who + " took over; stopped before committing another batch")
                .orElse("lost its database connection: the session holding its lock was closed (a database restart"
                        + " or failover, or a killed connection); stopped before committing another batch; the next"
                        + " run resumes after the last one committed");
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

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is gone: PostgreSQL has rolled back already
        }
    }
}
