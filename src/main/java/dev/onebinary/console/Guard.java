package dev.onebinary.console;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What keeps a console session to what it may do, chosen once when it opens, and what the banner says about it:
 * a reader role (the strongest read-only guard), the READ ONLY transaction of the application's own role (the
 * fallback when no reader role is configured), or write mode.
 */
record Guard(String key, Target target, boolean write) {

    static Guard choose(boolean write, ConsoleConfig config) {
        var c = ConfigProvider.getConfig();
        if (write) {
            return new Guard("write", Target.main(c), true);
        }
        return Target.reader(config)
                .map(t -> new Guard("reader-role", t, false))
                .orElseGet(() -> new Guard("read-only-transaction", Target.main(c), false));
    }

    /** The banner of an interactive session. */
    String banner(String version, String entities, long timeoutMillis) {
        String connected = "Connected to " + version + " at " + target.where() + " as " + target.user() + ".\n";
        String guard =
                switch (key) {
                    case "reader-role" ->
                        "Read-only, enforced by PostgreSQL: " + target.user()
                                + " is a role that can only read, and each"
                                + " statement runs alone in a READ ONLY transaction that is rolled back, the session reset"
                                + " after it.";
                    case "read-only-transaction" ->
                        "Read-only, enforced by PostgreSQL's READ ONLY transaction: each statement runs alone in one, rolled"
                                + " back, the session reset after it. No reader role is configured, so this is "
                                + target.user() + ", the application's own role: what reaches other sessions"
                                + " (pg_terminate_backend ...) is refused by the console's parser only. Configure"
                                + " app.console.datasource.* (app console --print-role-sql).";
                    default ->
                        "WRITE mode as " + target.user()
                                + ": one transaction until \\commit or \\rollback (or a bare COMMIT or"
                                + " ROLLBACK), rolled back on exit or when the connection is lost; every statement is recorded.";
                };
        return connected + guard + "\nJPQL over " + entities + "; \\sql for SQL, \\? for help, \\q to quit. Statement"
                + " timeout " + timeoutMillis + " ms.";
    }
}
