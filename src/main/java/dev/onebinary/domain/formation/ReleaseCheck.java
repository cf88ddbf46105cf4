package dev.onebinary.domain.formation;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * This process' release against the database it is about to use: the schema (migrations applied that this release
 * does not know: the database is <em>ahead</em>; migrations of this release not applied yet: it is <em>behind</em>)
 * and the formation (web and worker processes of another release running now). Plain values in, sentences out: each
 * difference is one line naming both releases.
 *
 * @param release this process' release id
 * @param schema the schema as this release sees it
 * @param formation the registered processes; empty when the database has no formation table
 */
public record ReleaseCheck(String release, Schema schema, Optional<List<Formation.Member>> formation) {

    /**
     * The schema: its version, the release whose {@code app migrate} applied it, the versions applied that this
     * release does not know (with the release that applied each, when the ledger names it), and this release's
     * migrations still pending.
     */
    @RegisterForReflection
    public record Schema(String version, String appliedBy, Map<String, String> ahead, List<String> pending) {}

    /** What differs, each naming both releases. */
    public enum Kind {
        /** The database has migrations this release does not know. */
        AHEAD,
        /** A web or worker process of another release is running against this database. */
        SERVING
    }

    /** One difference, in a line. */
    public record Difference(Kind kind, String line, Set<String> otherReleases) {}

    /** Every difference between this release and the database: the schema ahead, another release serving. */
    public List<Difference> differences() {
        List<Difference> differences = new ArrayList<>();
        if (!schema.ahead().isEmpty()) {
            Set<String> named = schema.ahead().values().stream()
                    .filter(r -> r != null)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            boolean unnamed = schema.ahead().containsValue(null);
            String by =
                    (named.isEmpty() ? "" : (named.size() == 1 ? "release " : "releases ") + String.join(", ", named))
                            + (named.isEmpty() || !unnamed ? "" : " and ")
                            + (unnamed ? "a release the ledger does not name" : "");
            boolean one = schema.ahead().size() == 1;
            differences.add(new Difference(
                    Kind.AHEAD,
                    "the database is ahead of release " + release + ": " + (one ? "migration " : "migrations ")
                            + String.join(", ", schema.ahead().keySet()) + (one ? " was" : " were") + " applied by "
                            + by + " and " + (one ? "is" : "are") + " unknown to this release",
                    named));
        }
        List<Formation.Group> others =
                running().stream().filter(g -> !g.release().equals(release)).toList();
        if (!others.isEmpty()) {
            Map<String, List<Formation.Group>> byRelease = new LinkedHashMap<>();
            others.forEach(g -> byRelease
                    .computeIfAbsent(g.release(), r -> new ArrayList<>())
                    .add(g));
            String serving = byRelease.entrySet().stream()
                    .map(e -> counts(e.getValue()) + " on release " + e.getKey())
                    .collect(Collectors.joining(" and "));
            differences.add(new Difference(
                    Kind.SERVING,
                    "another release is running against this database: " + serving + "; this is release " + release,
                    new LinkedHashSet<>(byRelease.keySet())));
        }
        return differences;
    }

    /** The running web and worker processes by type and release; gone and stopped ones do not count. */
    public List<Formation.Group> running() {
        return formation.map(Formation::groups).orElse(List.of()).stream()
                .filter(g -> g.running() > 0)
                .map(g -> new Formation.Group(g.processType(), g.release(), g.running(), 0))
                .toList();
    }

    /** Same release everywhere: nothing ahead and no other release running. */
    public boolean same() {
        return differences().isEmpty();
    }

    /** One line: same release, or how they differ. */
    public String verdict() {
        List<Difference> differences = differences();
        if (!differences.isEmpty()) {
            return "release drift: "
                    + differences.stream().map(Difference::line).collect(Collectors.joining("; "));
        }
        String behind = schema.pending().isEmpty()
                ? ""
                : "; the schema is behind it: " + schema.pending().size() + " migration(s) of this release pending ("
                        + String.join(", ", schema.pending()) + "), run app migrate";
        if (formation.isEmpty()) {
            return "same release as far as the database knows: it has no formation table yet (web and worker processes"
                    + " register once this release's migrations are applied)" + behind;
        }
        List<Formation.Group> running = running();
        String processes = running.isEmpty() ? "no web or worker process running" : counts(running);
        return "same release: " + processes + ", the schema (" + schema.version() + ") and this process all on release "
                + release + behind;
    }

    /** What a run saw, for its ledger row's context: the schema version and the running formation's releases. */
    public Map<String, Object> context() {
        Map<String, Object> schemaSeen = new LinkedHashMap<>();
        schemaSeen.put("version", schema.version());
        if (!schema.ahead().isEmpty()) {
            schemaSeen.put("ahead", List.copyOf(schema.ahead().keySet()));
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("schema", schemaSeen);
        context.put(
                "formation",
                formation.isEmpty()
                        ? null
                        : running().stream()
                                .map(g -> Map.of(
                                        "processType", g.processType(), "release", g.release(), "running", g.running()))
                                .toList());
        return context;
    }

    /** {@code web x2, worker x1}. */
    static String counts(List<Formation.Group> groups) {
        Map<String, Integer> byType = new LinkedHashMap<>();
        groups.forEach(g -> byType.merge(g.processType(), g.running(), Integer::sum));
        return byType.entrySet().stream()
                .map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
