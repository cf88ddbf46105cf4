package dev.onebinary.console;

import dev.onebinary.support.TestDatabase;

/** Ledger rows for console sessions that tests drive in-process, written over plain JDBC. */
final class ConsoleRuns {

    private ConsoleRuns() {}

    static long start(String database) {
        return (Long) TestDatabase.scalar(
                database,
                "INSERT INTO admin_runs (command, arguments, release, host, os_user, started_at)"
                        + " VALUES ('console', '[]', 'test', 'test', 'test', now()) RETURNING id");
    }
}
