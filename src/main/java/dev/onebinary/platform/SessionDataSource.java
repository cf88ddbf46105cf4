package dev.onebinary.platform;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.Driver;

/**
 * Unpooled sessions to the configured PostgreSQL (its URL, user, password and connect timeout), each started with
 * the given application name and server options ({@code -c name=value ...}).
 *
 * <p>Why not pgjdbc's {@code PGSimpleDataSource}: it connects through a URL that spells out every one of the driver's
 * 70-odd properties (about 1,500 characters), and that URL is what {@code DatabaseMetaData.getURL()} reports. Flyway
 * runs its credential-redacting regular expression, which backtracks badly on long input, over that URL a few times
 * per operation: 33 ms a call on a warm JVM and most of the 1.1 s of a native {@code app migrate} with nothing pending
 * (measured with perf on a debug-info native build and with JFR). Here the URL stays the configured one and the rest
 * travels as connection properties.
 */
public final class SessionDataSource implements DataSource {

    private static final Driver DRIVER = new Driver();

    private final String url;
    private final Properties properties;

    private SessionDataSource(String url, Properties properties) {
        this.url = url;
        this.properties = properties;
    }

    /** Sessions to {@code url} (another database of the configured server, say) with the configured credentials. */
    public static SessionDataSource create(String url, String applicationName, String options) {
        Config config = ConfigProvider.getConfig();
        Properties p = new Properties();
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(u -> p.setProperty("user", u));
        config.getOptionalValue("quarkus.datasource.password", String.class)
                .ifPresent(pw -> p.setProperty("password", pw));
        String timeout = Integer.toString(
                config.getOptionalValue("app.db.connect-timeout", Integer.class).orElse(5));
        p.setProperty("connectTimeout", timeout);
        p.setProperty("loginTimeout", timeout);
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("options", options);
        return new SessionDataSource(url, p);
    }

    /** Sessions to the configured database. */
    public static SessionDataSource create(String applicationName, String options) {
        return create(configuredUrl(), applicationName, options);
    }

    /** The configured JDBC URL ({@code quarkus.datasource.jdbc.url}, or the one {@code DATABASE_URL} gave). */
    public static String configuredUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(properties);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("user", username);
        p.setProperty("password", password);
        return connect(p);
    }

    private Connection connect(Properties p) throws SQLException {
        Connection c = DRIVER.connect(url, p);
        if (c == null) {
            // The driver answers null, rather than fail, for a URL that is not its own.
            throw new SQLException("not a PostgreSQL JDBC URL (jdbc:postgresql://...)", "08001");
        }
        return c;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Nothing logs through a DataSource's writer here: pgjdbc logs through java.util.logging.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        properties.setProperty("loginTimeout", Integer.toString(seconds));
    }

    @Override
    public int getLoginTimeout() {
        return Integer.parseInt(properties.getProperty("loginTimeout", "0"));
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
