package dev.onebinary.domain.migration;

import dev.onebinary.platform.Durations;
import dev.onebinary.platform.ExitCode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A migration could not take its locks within the lock timeout on any attempt: it was not applied, and the sessions
 * that blocked it are named.
 */
public final class MigrationBlocked extends MigrationFailed {
    private final transient Map<String, Object> details;

    MigrationBlocked(
            String script,
            int attempts,
            Duration lockTimeout,
            String waitedFor,
            List<Blocker> blockers,
            List<Migrations.Applied> applied,
            String schemaNow,
            List<InvalidIndex> leftBehind) {
        super(
                ExitCode.MIGRATION_BLOCKED,
                message(script, attempts, lockTimeout, waitedFor, blockers, applied, schemaNow, leftBehind),
                applied);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("script", script);
        d.put("attempts", attempts);
        d.put("lockTimeout", Durations.format(lockTimeout));
        d.put("waitedFor", waitedFor);
        d.put("blockers", blockers);
        d.put("invalidIndexes", leftBehind);
        this.details = d;
    }

    /** What the ledger keeps about the block: script, attempts, lock timeout, the lock wanted, who held it. */
    public Map<String, Object> details() {
        return details;
    }

    private static String message(
            String script,
            int attempts,
            Duration lockTimeout,
            String waitedFor,
            List<Blocker> blockers,
            List<Migrations.Applied> applied,
            String schemaNow,
            List<InvalidIndex> leftBehind) {
        String who = blockers.isEmpty()
                ? "the blocking sessions were not seen (they let go within the watch interval)"
                : "blocked by "
                        + String.join(
                                "; ", blockers.stream().map(Blocker::describe).toList());
        String done = applied.isEmpty()
                ? "nothing applied, schema stays at " + schemaNow
                : String.join(
                                ", ",
                                applied.stream()
                                        .map(Migrations.Applied::version)
                                        .toList()) + " applied, this one not; schema at " + schemaNow;
        String invalid = leftBehind.isEmpty()
                ? ""
                : "; left "
                        + String.join(
                                ", ",
                                leftBehind.stream().map(InvalidIndex::describe).toList());
        return "migration " + script + " blocked: no lock within " + Durations.format(lockTimeout) + " on " + attempts
                + " attempt(s)" + (waitedFor == null ? "" : " (waited for " + waitedFor + ")") + "; " + who + "; "
                + done + invalid;
    }
}
