package dev.onebinary.domain.migration;

import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import java.util.List;

/** A migration failed and was rolled back; those before it in the same run stay applied. */
public class MigrationFailed extends AppException {
    private final transient List<Migrations.Applied> applied;

    MigrationFailed(int exitCode, String message, List<Migrations.Applied> applied) {
        super(exitCode, message);
        this.applied = List.copyOf(applied);
    }

    static MigrationFailed of(
            String script,
            String databaseMessage,
            List<Migrations.Applied> applied,
            List<InvalidIndex> leftBehind,
            boolean transactional) {
        String invalid = leftBehind.isEmpty()
                ? ""
                : "; it left "
                        + String.join(
                                ", ",
                                leftBehind.stream().map(InvalidIndex::describe).toList());
        String what = transactional
                ? " failed and was rolled back: "
                : " failed outside a transaction (its statements before the failing one stay applied): ";
        String next = transactional ? "" : "; fix it, then app migrate repair removes its failed history row";
        return new MigrationFailed(
                ExitCode.FAILED, "migration " + script + what + databaseMessage + invalid + next, applied);
    }

    /** The migrations this run applied before the failure. */
    public List<Migrations.Applied> applied() {
        return applied;
    }
}
