package dev.onebinary.tasks;

import dev.onebinary.platform.ExitCode;

/** How a task run ended, with the exit code each ending means. */
public enum TaskOutcome {
    /** The selection ran out: everything was done. */
    COMPLETE("complete", ExitCode.OK),
    /** Stopped at {@code --limit}; the next run resumes. */
    LIMIT_REACHED("stopped at --limit", ExitCode.OK),
    /** Stopped at {@code --max-duration}; the next run resumes. */
    TIME_BUDGET_SPENT("stopped at --max-duration", ExitCode.OK),
    /** A dry run: nothing changed. */
    DRY_RUN("dry run", ExitCode.OK),
    INTERRUPTED_BY_SIGTERM("interrupted by SIGTERM", ExitCode.SIGTERM),
    INTERRUPTED_BY_SIGINT("interrupted by SIGINT", ExitCode.SIGINT),
    INTERRUPTED_BY_SIGHUP("interrupted by SIGHUP", ExitCode.SIGHUP),
    /** Another run took over this run's lock; it committed nothing more. */
    LOCK_LOST("lost its lock", ExitCode.LOCK_LOST),
    /**
     * The session holding the lock went away (a PostgreSQL restart or failover, a proxy or idle-connection killer) and
     * no other run has taken over: a lost connection, like any other, and the next run resumes at the cursor.
     */
    CONNECTION_LOST("lost its database connection", ExitCode.UNAVAILABLE),
    /** An import rejected more lines than {@code --max-rejects} allows. */
    TOO_MANY_REJECTS("stopped at --max-rejects", ExitCode.TOO_MANY_REJECTS);

    private final String label;
    private final int exitCode;

    TaskOutcome(String label, int exitCode) {
        this.label = label;
        this.exitCode = exitCode;
    }

    public String label() {
        return label;
    }

    public int exitCode() {
        return exitCode;
    }

    /**
     * Whether the run ended in a failure, whose reason goes to stderr and the ledger's error: a code that is neither
     * success nor a signal's (128 + n).
     */
    public boolean failed() {
        return exitCode != ExitCode.OK && exitCode < 128;
    }

    /** The outcome of a run stopped by this signal ({@code SIGTERM}, {@code SIGINT}, {@code SIGHUP}). */
    static TaskOutcome interruptedBy(String signal) {
        return switch (signal) {
            case "SIGINT" -> INTERRUPTED_BY_SIGINT;
            case "SIGHUP" -> INTERRUPTED_BY_SIGHUP;
            default -> INTERRUPTED_BY_SIGTERM;
        };
    }
}
