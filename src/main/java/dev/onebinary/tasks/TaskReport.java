package dev.onebinary.tasks;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The final report of a task run, printed as text or JSON and kept (as a map) in the ledger's summary. */
@RegisterForReflection
public record TaskReport(
        String task,
        String shard,
        boolean dryRun,
        String status,
        long startedFrom,
        long examined,
        long changed,
        long wouldChange,
        List<Long> firstKeys,
        long batches,
        long durationMs,
        long rowsPerSecond,
        long longestBatchMs,
        long cursor) {

    /** Why a run ended: its selection ran out, or it was stopped early (and can resume). */
    public static final String COMPLETE = "complete";

    Map<String, Object> asSummary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shard", shard);
        m.put("status", status);
        m.put("startedFrom", startedFrom);
        if (dryRun) {
            m.put("wouldChange", wouldChange);
            m.put("firstKeys", firstKeys);
        } else {
            m.put("examined", examined);
            m.put("changed", changed);
            m.put("batches", batches);
            m.put("durationMs", durationMs);
            m.put("longestBatchMs", longestBatchMs);
            m.put("cursor", cursor);
        }
        return m;
    }
}
