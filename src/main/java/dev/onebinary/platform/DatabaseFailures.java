package dev.onebinary.platform;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Recognises "the database cannot be reached or refused the login" among failures, and says so in one line that
 * names the target (host:port/db) and never the password.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {}

    public static boolean isUnavailable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectException
                    || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException
                    || c instanceof SocketTimeoutException) {
                return true;
            }
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exceptions; 28: invalid authorization; 3D000: the database does not exist.
                if (state.startsWith("08") || state.startsWith("28") || state.equals("3D000")) {
                    return true;
                }
            }
            if (c.getMessage() != null && c.getMessage().contains("Acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    /** The database's own words: the first line of the first {@link SQLException} among the causes. */
    public static Optional<String> databaseMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException sql && sql.getMessage() != null) {
                return Optional.of(
                        sql.getMessage().strip().lines().findFirst().orElse("").strip());
            }
        }
        return Optional.empty();
    }

    public static String describe(Throwable t) {
        return "cannot reach the database at " + target() + ": " + reason(t);
    }

    /** {@code host:port/db} of the configured datasource, without user, password or parameters. */
    public static String target() {
        String url = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.datasource.jdbc.url", String.class)
                .orElse("");
        return target(url);
    }

    static String target(String jdbcUrl) {
        if (jdbcUrl.isEmpty()) {
            return "(no datasource configured: set DATABASE_URL or QUARKUS_DATASOURCE_JDBC_URL)";
        }
        String s = jdbcUrl.replaceFirst("^jdbc:postgresql://", "");
        int q = s.indexOf('?');
        s = q < 0 ? s : s.substring(0, q);
        int at = s.lastIndexOf('@');
        s = at < 0 ? s : s.substring(at + 1);
        String hostPort = s.contains("/") ? s.substring(0, s.indexOf('/')) : s;
        if (!hostPort.contains(":") && !hostPort.isEmpty()) {
            s = hostPort + ":5432" + s.substring(hostPort.length());
        }
        return s;
    }

    private static String reason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectException) {
                return "connection refused";
            }
            if (c instanceof UnknownHostException) {
                return "unknown host";
            }
            if (c instanceof SocketTimeoutException || c instanceof NoRouteToHostException) {
                return "connect timed out";
            }
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                if (sql.getSQLState().startsWith("28")) {
                    return "the login was refused (check the user and password)";
                }
                if (sql.getSQLState().equals("3D000")) {
                    return "the database does not exist";
                }
                if (sql.getSQLState().startsWith("08") && sql.getMessage() != null) {
                    // The driver's own words (never the password): "The server requested SCRAM-based authentication..."
                    return sql.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
                }
            }
        }
        String message = t.getMessage() == null ? "" : t.getMessage();
        return message.contains("Acquisition timeout") ? "connect timed out" : "connection failed";
    }
}
