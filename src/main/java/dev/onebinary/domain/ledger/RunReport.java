package dev.onebinary.domain.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the running admin command reports about its run: its summary (counts, versions applied), its context (what it
 * saw when it started: the schema version, the formation's releases), whether it was a dry run, its shard. The ledger
 * stores it when the run ends; the command never writes the ledger itself. One process is one run, so one instance per
 * application.
 */
@ApplicationScoped
public class RunReport {

    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final Map<String, Object> context = new LinkedHashMap<>();
    private boolean dryRun;
    private String shard;
    private Long runId;

    /** The ledger id of this run, when the ledger could record its start. */
    public RunReport runId(Long id) {
        this.runId = id;
        return this;
    }

    public Optional<Long> runId() {
        return Optional.ofNullable(runId);
    }

    public RunReport put(String key, Object value) {
        summary.put(key, value);
        return this;
    }

    public RunReport context(String key, Object value) {
        context.put(key, value);
        return this;
    }

    public RunReport dryRun() {
        this.dryRun = true;
        return this;
    }

    public RunReport shard(String shard) {
        this.shard = shard;
        return this;
    }

    public Map<String, Object> summary() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(summary));
    }

    public Map<String, Object> context() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public String shard() {
        return shard;
    }
}
