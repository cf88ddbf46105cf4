package dev.onebinary.domain.migration.lint;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;

/**
 * What PostgreSQL did with one pending statement on the scratch database: the table locks it took, the relations it
 * rewrote (new file node), the tables it scanned in full, and the locks its transaction held on those tables while
 * it did so (a lock taken by an earlier statement of the same script is still held).
 */
@RegisterForReflection
public record ObservedStatement(
        String script,
        int line,
        String statement,
        List<HeldLock> took,
        List<String> rewritten,
        List<String> scanned,
        List<HeldLock> heldWhileWorking,
        List<HeldLock> transactionHolds,
        boolean blocking,
        String error,
        String note) {

    /** A statement with nothing measured: it failed on the scratch database ({@code error}), or was not run ({@code note}). */
    static ObservedStatement unmeasured(String script, int line, String statement, String error, String note) {
        return new ObservedStatement(
                script, line, statement, List.of(), List.of(), List.of(), List.of(), List.of(), false, error, note);
    }

    /** The strongest lock on an existing table, as pg_locks showed it, and the line of the statement that took it. */
    @RegisterForReflection
    public record HeldLock(String table, String mode, int since, boolean blocksWrites, boolean blocksReads) {}

    /** The facts on one line: {@code takes SHARE on records; scans records in full; ...}. */
    @JsonProperty("summary")
    public String summary() {
        return String.join(
                "; ",
                facts().stream().map(f -> f.replaceFirst("^measured: ", "")).toList());
    }

    /** One line per measured fact, for a report. */
    @JsonProperty("facts")
    public List<String> facts() {
        List<String> facts = new ArrayList<>();
        if (error != null) {
            facts.add("failed on the scratch database: " + error);
        }
        took.forEach(l -> facts.add("measured: takes " + l.mode() + " on " + l.table()));
        if (!rewritten.isEmpty()) {
            // Tables first, then their indexes, each by name: the catalog query returns them in no stable order.
            facts.add("measured: rewrites "
                    + String.join(
                            ", ",
                            rewritten.stream()
                                    .sorted(java.util.Comparator.comparing((String r) -> r.startsWith("index "))
                                            .thenComparing(java.util.Comparator.naturalOrder()))
                                    .toList()));
        }
        scanned.forEach(t -> facts.add("measured: scans " + t + " in full"));
        for (HeldLock l : heldWhileWorking) {
            if (l.blocksWrites()) {
                facts.add("measured: holds " + l.mode() + " on " + l.table() + " (taken at line " + l.since()
                        + ") meanwhile: " + (l.blocksReads() ? "readers and writers" : "writers") + " of " + l.table()
                        + " wait");
            }
        }
        if (facts.isEmpty() && !transactionHolds.isEmpty()) {
            facts.add("measured: takes no stronger lock than its transaction holds: "
                    + String.join(
                            ", ",
                            transactionHolds.stream()
                                    .map(l -> l.mode() + " on " + l.table() + " (taken at line " + l.since() + ")")
                                    .toList()));
        }
        if (facts.isEmpty()) {
            facts.add("measured: no lock on an existing table, no rewrite, no scan");
        }
        if (note != null) {
            facts.add(note);
        }
        return facts;
    }
}
