package dev.onebinary.platform;

import javax.sql.DataSource;

/**
 * Connections to the configured database whose sessions are read-only ({@code default_transaction_read_only = on}),
 * so PostgreSQL itself refuses every write: what dry runs and the read-only console stand on. Not pooled, so a
 * read-only session never leaks into the application's pool.
 */
public final class ReadOnlyDataSource {

    private ReadOnlyDataSource() {}

    public static DataSource create() {
        return SessionDataSource.create("app (read-only)", "-c default_transaction_read_only=on");
    }
}
