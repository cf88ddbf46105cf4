package dev.onebinary.tasks;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The final report of a task run, printed as text or JSON and kept in the ledger's summary. Built by {@link #dryRun} or
 * {@link #finished}; {@link #with} adds the task's own summary fields.
 */
@RegisterForReflection
public record TaskReport(
        String task,
        String shard,
        boolean dryRun,
        TaskOutcome outcome,
        String status,
        Object startedFrom,
        long examined,
        long changed,
        long rejected,
        long wouldChange,
        long wouldReject,
        List<Object> firstKeys,
        long batches,
        long durationMs,
        long rowsPerSecond,
        long longestBatchMs,
        Object cursor,
        Map<String, Object> extra) {

    /** What a real run's batches added up to. */
    record Totals(long examined, long changed, long rejected, long batches, long longestBatchMs, long durationMs) {}

    static TaskReport dryRun(TaskRunner.Run run, Position from, Work.DryRun d, long durationMs) {
        long ms = Math.max(1, durationMs);
        return new TaskReport(
                run.task(),
                run.shard().toString(),
                true,
                TaskOutcome.DRY_RUN,
                TaskOutcome.DRY_RUN.label(),
                from.shown(),
                d.wouldChange() + d.wouldReject(),
                0,
                0,
                d.wouldChange(),
                d.wouldReject(),
                List.copyOf(d.firstItems()),
                0,
                ms,
                (d.wouldChange() + d.wouldReject()) * 1000 / ms,
                0,
                d.last().shown(),
                Map.of());
    }

    static TaskReport finished(
            TaskRunner.Run run, TaskOutcome outcome, String status, Position from, Totals t, Position cursor) {
        long ms = Math.max(1, t.durationMs());
        return new TaskReport(
                run.task(),
                run.shard().toString(),
                false,
                outcome,
                status,
                from.shown(),
                t.examined(),
                t.changed(),
                t.rejected(),
                0,
                0,
                List.of(),
                t.batches(),
                ms,
                t.examined() * 1000 / ms,
                t.longestBatchMs(),
                cursor.shown(),
                Map.of());
    }

    /** The report with the task's own summary fields ({@code afterRun}). */
    TaskReport with(Map<String, Object> fields) {
        if (fields.isEmpty()) {
            return this;
        }
        Map<String, Object> all = new LinkedHashMap<>(extra);
        all.putAll(fields);
        return new TaskReport(
                task,
                shard,
                dryRun,
                outcome,
                status,
                startedFrom,
                examined,
                changed,
                rejected,
                wouldChange,
                wouldReject,
                firstKeys,
                batches,
                durationMs,
                rowsPerSecond,
                longestBatchMs,
                cursor,
                Map.copyOf(all));
    }

    /** The report as the ledger keeps it. */
    Map<String, Object> asSummary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shard", shard);
        m.put("status", status);
        m.put("startedFrom", startedFrom);
        if (dryRun) {
            m.put("wouldChange", wouldChange);
            if (wouldReject > 0) {
                m.put("wouldReject", wouldReject);
            }
            m.put("firstKeys", firstKeys);
        } else {
            m.put("examined", examined);
            m.put("changed", changed);
            if (rejected > 0) {
                m.put("rejected", rejected);
            }
            m.put("batches", batches);
            m.put("durationMs", durationMs);
            m.put("longestBatchMs", longestBatchMs);
            m.put("cursor", cursor);
        }
        m.putAll(extra);
        return m;
    }
}
