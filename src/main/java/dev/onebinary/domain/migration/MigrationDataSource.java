package dev.onebinary.domain.migration;

import dev.onebinary.platform.SessionDataSource;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Unpooled connections for migrations, to the configured database or to a scratch database beside it. Every session
 * starts with the migration timeouts ({@code -c lock_timeout=... -c statement_timeout=...}), so even Flyway's own
 * statements cannot wait without bound, and nothing set here leaks into the application's pool.
 */
public final class MigrationDataSource {

    private static final Pattern HOST_FORM = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?$");

    private MigrationDataSource() {}

    /** Sessions to the configured database, named {@code applicationName} in pg_stat_activity. */
    public static DataSource create(String applicationName, Duration lockTimeout, Duration statementTimeout) {
        return create(url(), applicationName, lockTimeout, statementTimeout);
    }

    /** Sessions to another database of the same server (same user and password). */
    public static DataSource forDatabase(
            String database, String applicationName, Duration lockTimeout, Duration statementTimeout) {
        return create(
                withDatabase(url(), database)
                        .orElseThrow(() -> new IllegalStateException("cannot name another database in this JDBC URL")),
                applicationName,
                lockTimeout,
                statementTimeout);
    }

    /** The JDBC URL with another database name, when the URL has the usual {@code //host:port/db} form. */
    static Optional<String> withDatabase(String jdbcUrl, String database) {
        Matcher m = HOST_FORM.matcher(jdbcUrl);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) + database + (m.group(3) == null ? "" : m.group(3)));
    }

    static String url() {
        return SessionDataSource.configuredUrl();
    }

    private static DataSource create(
            String url, String applicationName, Duration lockTimeout, Duration statementTimeout) {
        return SessionDataSource.create(
                url,
                applicationName,
                "-c lock_timeout=" + lockTimeout.toMillis() + "ms -c statement_timeout=" + statementTimeout.toMillis()
                        + "ms");
    }
}
