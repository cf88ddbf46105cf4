package dev.onebinary.domain.ledger;

import dev.onebinary.platform.ExitCode;

/** How an admin run ended, as stored in the ledger. */
public enum Outcome {
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    INTERRUPTED("interrupted"),
    DRY_RUN("dry-run"),
    LOCKED("locked"),
    /** Stopped before doing anything: release drift, an unsafe migration. */
    REFUSED("refused");

    private final String value;

    Outcome(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The outcome a finished run's exit code stands for; a dry run that ran to its end is a dry run. */
    public static Outcome of(int exitCode, boolean dryRun) {
        return switch (exitCode) {
            case ExitCode.LOCKED -> LOCKED;
            case ExitCode.RELEASE_DRIFT, ExitCode.UNSAFE_MIGRATION -> REFUSED;
            case ExitCode.SIGHUP, ExitCode.SIGINT, ExitCode.SIGTERM -> INTERRUPTED;
            default ->
                dryRun && (exitCode == ExitCode.OK || exitCode == ExitCode.SCHEMA_BEHIND)
                        ? DRY_RUN
                        : exitCode == ExitCode.OK ? SUCCEEDED : FAILED;
        };
    }
}
