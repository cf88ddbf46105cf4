package dev.onebinary.admin;

import dev.onebinary.domain.formation.Formation;
import dev.onebinary.domain.formation.ReleaseCheck;
import dev.onebinary.domain.ledger.Ledger;
import dev.onebinary.domain.ledger.RunReport;
import dev.onebinary.domain.migration.Migrations;
import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Release;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Same release everywhere, checked before every recorded admin run: this release against the schema (a database
 * ahead of it has migrations it does not know) and against the web and worker processes running now. A run that
 * changes data is refused on a difference (exit 7) unless {@code --allow-release-drift}; a run that changes nothing is
 * warned on stderr and goes on; {@code migrate} is refused only by a database ahead of it, since a new release migrates
 * while the old one still serves. Every run's ledger context records the schema version and the formation it saw.
 */
@ApplicationScoped
class ReleaseGuard {

    private final Migrations migrations;
    private final Ledger ledger;
    private final Formation formation;
    private final RunReport report;

    ReleaseGuard(Migrations migrations, Ledger ledger, Formation formation, RunReport report) {
        this.migrations = migrations;
        this.ledger = ledger;
        this.formation = formation;
        this.report = report;
    }

    /** Records what the run sees, then refuses it (exit 7), warns, or lets it go on. */
    void check(AdminCommand command) {
        ReleaseCheck check = see(false);
        check.context().forEach(report::context);
        List<ReleaseCheck.Difference> differences = check.differences();
        if (differences.isEmpty()) {
            return;
        }
        String line = differences.stream().map(ReleaseCheck.Difference::line).collect(Collectors.joining("; "));
        List<ReleaseCheck.Difference> refusing = !command.changesData()
                ? List.of()
                : differences.stream()
                        .filter(d -> !command.changesSchema() || d.kind() == ReleaseCheck.Kind.AHEAD)
                        .toList();
        if (refusing.isEmpty()) {
            warn(
                    command,
                    line
                            + (command.changesData()
                                    ? "; expected while a release rolls out: its migrations run before its processes"
                                    : "; this run changes no data, going on"));
            return;
        }
        boolean allowed = allowed(command);
        Set<String> others = new LinkedHashSet<>();
        refusing.forEach(d -> others.addAll(d.otherReleases()));
        Map<String, Object> drift = new LinkedHashMap<>();
        drift.put("allowed", allowed);
        drift.put("release", check.release());
        drift.put("otherReleases", List.copyOf(others));
        drift.put(
                "differences",
                differences.stream().map(ReleaseCheck.Difference::line).toList());
        report.context("releaseDrift", drift);
        if (allowed) {
            warn(command, line + "; going on as --allow-release-drift asks (recorded in the ledger)");
            return;
        }
        throw new AppException(
                ExitCode.RELEASE_DRIFT,
                "refusing to change data: " + line
                        + "; run it from the matching release, or pass --allow-release-drift");
    }

    /**
     * This release against the database now. {@code whoApplied}: look up in the ledger which release applied the
     * schema's version (for {@code app status}); the releases that applied migrations unknown here are always named.
     */
    ReleaseCheck see(boolean whoApplied) {
        Migrations.SchemaState state = migrations.state();
        Map<String, String> appliedBy =
                whoApplied || !state.unknownToRelease().isEmpty() ? ledger.migrationReleases() : Map.of();
        Map<String, String> ahead = new LinkedHashMap<>();
        state.unknownToRelease().forEach(v -> ahead.put(v, appliedBy.get(v)));
        return new ReleaseCheck(
                Release.current().id(),
                new ReleaseCheck.Schema(state.current(), appliedBy.get(state.current()), ahead, state.pending()),
                formation.members());
    }

    private static boolean allowed(AdminCommand command) {
        return command.spec.mixins().values().stream()
                .anyMatch(m -> m.userObject() instanceof ReleaseDriftOption option && option.allowed());
    }

    private static void warn(AdminCommand command, String line) {
        PrintWriter err = command.spec.commandLine().getErr();
        err.println(command.spec.qualifiedName() + ": warning: " + line);
        err.flush();
    }
}
