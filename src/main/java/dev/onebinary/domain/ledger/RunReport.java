package dev.onebinary.domain.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the running admin command reports about its run (counts, versions applied, whether it was a dry run, its
 * shard). The ledger stores it as the run's summary; the command never writes the ledger itself. One process is one
 * run, so one instance per application.
 */
@ApplicationScoped
public class RunReport {

    private final Map<String, Object> summary = new LinkedHashMap<>();
    private boolean dryRun;
    private String shard;
    private Long runId;

    /** The ledger id of this run, when the ledger could record its start. */
    public RunReport runId(Long id) {
        this.runId = id;
        return this;
    }

    public java.util.Optional<Long> runId() {
        return java.util.Optional.ofNullable(runId);
    }

    public RunReport put(String key, Object value) {
        summary.put(key, value);
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

    public boolean isDryRun() {
        return dryRun;
    }

    public String shard() {
        return shard;
    }
}
