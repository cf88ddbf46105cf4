package dev.onebinary.platform;

/** The exit codes of every command, documented in README.md. */
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

    public static final int SIGINT = 130;
    public static final int SIGTERM = 143;

    private ExitCode() {}
}
