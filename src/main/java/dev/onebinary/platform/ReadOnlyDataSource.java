package dev.onebinary.platform;

import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Connections to the configured database whose sessions are read-only ({@code default_transaction_read_only = on}),
 * so PostgreSQL itself refuses every write: what dry runs and the read-only console stand on. Not pooled, so a
 * read-only session never leaks into the application's pool.
 */
public final class ReadOnlyDataSource {

    private ReadOnlyDataSource() {}

    public static DataSource create() {
        Config config = ConfigProvider.getConfig();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(config.getValue("quarkus.datasource.jdbc.url", String.class));
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(ds::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(ds::setPassword);
        int timeout =
                config.getOptionalValue("app.db.connect-timeout", Integer.class).orElse(5);
        ds.setConnectTimeout(timeout);
        ds.setLoginTimeout(timeout);
        ds.setApplicationName("app (read-only)");
        ds.setOptions("-c default_transaction_read_only=on");
        return ds;
    }
}
