package dev.onebinary.platform;

/** The exit codes of every command, documented in README.md ("Exit codes"). */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** The database is unreachable or the configuration is unusable. */
    public static final int UNAVAILABLE = 3;
    /** Another run holds the lock of this task. */
    public static final int LOCKED = 4;
    /** Migrations of this release are pending. */
    public static final int SCHEMA_BEHIND = 5;
    /** This run lost its task lock and another run took over: it stopped before committing another batch. */
    public static final int LOCK_LOST = 6;
    /** The database is ahead of this release, or another release is serving: refused without --allow-release-drift. */
    public static final int RELEASE_DRIFT = 7;
    /** A pending migration has a lint finding that is not suppressed. */
    public static final int UNSAFE_MIGRATION = 8;
    /** A migration could not take its locks within the lock timeout, on every attempt; nothing was applied. */
    public static final int MIGRATION_BLOCKED = 9;
    /** An import rejected more lines than --max-rejects allows. */
    public static final int TOO_MANY_REJECTS = 10;

    public static final int SIGHUP = 129;
    public static final int SIGINT = 130;
    public static final int SIGTERM = 143;

    /** What each code means, in a line, for the "Exit codes" section of every command's help. */
    public static String describe(int code) {
        return switch (code) {
            case OK -> "done";
            case FAILED -> "failed; one line on stderr says why";
            case USAGE -> "bad arguments or options; nothing changed";
            case UNAVAILABLE -> "the database is unreachable or the configuration unusable";
            case LOCKED -> "another run holds this task's lock";
            case SCHEMA_BEHIND -> "migrations of this release are pending";
            case LOCK_LOST -> "the run lost its lock to another run and stopped";
            case RELEASE_DRIFT -> "the database or the running formation is on another release";
            case UNSAFE_MIGRATION -> "a pending migration has an unsuppressed lint finding";
            case MIGRATION_BLOCKED -> "a migration could not take its locks in time; nothing applied";
            case TOO_MANY_REJECTS -> "more lines were rejected than --max-rejects allows";
            case SIGHUP -> "stopped by SIGHUP (terminal closed)";
            case SIGINT -> "stopped by SIGINT (Ctrl-C)";
            case SIGTERM -> "stopped by SIGTERM";
            default -> "";
        };
    }

    private ExitCode() {}
}
