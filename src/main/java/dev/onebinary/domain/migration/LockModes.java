package dev.onebinary.domain.migration;

import java.util.Map;
import java.util.Set;

/** PostgreSQL's table lock modes as the documentation names them, and what each one stops. */
public final class LockModes {

    private static final Map<String, String> NAMES = Map.of(
            "AccessShareLock", "ACCESS SHARE",
            "RowShareLock", "ROW SHARE",
            "RowExclusiveLock", "ROW EXCLUSIVE",
            "ShareUpdateExclusiveLock", "SHARE UPDATE EXCLUSIVE",
            "ShareLock", "SHARE",
            "ShareRowExclusiveLock", "SHARE ROW EXCLUSIVE",
            "ExclusiveLock", "EXCLUSIVE",
            "AccessExclusiveLock", "ACCESS EXCLUSIVE");

    /** Modes that conflict with ROW EXCLUSIVE: while one is held, INSERT, UPDATE and DELETE wait. */
    private static final Set<String> BLOCKS_WRITES =
            Set.of("ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");

    /** From weakest to strongest. */
    private static final java.util.List<String> ORDER = java.util.List.of(
            "AccessShareLock",
            "RowShareLock",
            "RowExclusiveLock",
            "ShareUpdateExclusiveLock",
            "ShareLock",
            "ShareRowExclusiveLock",
            "ExclusiveLock",
            "AccessExclusiveLock");

    private LockModes() {}

    /** How strong a mode is: higher conflicts with more. */
    public static int strength(String pgLocksMode) {
        return ORDER.indexOf(pgLocksMode);
    }

    /** {@code ACCESS EXCLUSIVE} for {@code AccessExclusiveLock}; other lock types as PostgreSQL names them. */
    public static String name(String pgLocksMode) {
        return NAMES.getOrDefault(pgLocksMode, pgLocksMode);
    }

    public static boolean blocksWrites(String pgLocksMode) {
        return BLOCKS_WRITES.contains(pgLocksMode);
    }

    public static boolean blocksReads(String pgLocksMode) {
        return "AccessExclusiveLock".equals(pgLocksMode);
    }
}
