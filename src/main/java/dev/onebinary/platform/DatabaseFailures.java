package dev.onebinary.platform;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The one classification of "the database cannot be used right now" among failures, and its one line that names the
 * target (host:port/db) and never the password nor a statement. Admin commands exit 3 on it, the worker rides it out
 * with backoff, the web process answers 503 and retries a read once. It covers: no connection at all (refused, unknown
 * host, timed out, the pool's acquisition timeout), a connection lost on the way (socket error, end of stream, SQLSTATE
 * class 08), a server shutting down, crashed or starting ({@code 57P01}, {@code 57P02}, {@code 57P03}), and a login
 * or database the server refuses (class 28, {@code 3D000}).
 */
public final class DatabaseFailures {

    /** 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, recovering). */
    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

    /** 57P01 admin shutdown, 57P02 crash shutdown: said to an open session as the server ends it. */
    private static final Set<String> LOST_SESSION = Set.of("57P01", "57P02");

    private DatabaseFailures() {}

    public static boolean isUnavailable(Throwable t) {
        for (Throwable c = t; c != null; c = next(c)) {
            if (c instanceof SocketException // ConnectException, NoRouteToHostException, "Connection reset"
                    || c instanceof EOFException
                    || c instanceof UnknownHostException
                    || c instanceof SocketTimeoutException) {
                return true;
            }
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exceptions; 28: invalid authorization; 3D000: the database does not exist.
                if (state.startsWith("08")
                        || SERVER_GOING_AWAY.contains(state)
                        || state.startsWith("28")
                        || state.equals("3D000")) {
                    return true;
                }
            }
            if (isAcquisitionTimeout(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A statement found its connection gone (the server restarted, or ended that session): unlike a database that
     * cannot be reached, another connection may work at once. A pooled connection that died while idle fails this way
     * on its next statement, and leaves the pool as it fails. Ask it of a statement's failure only: pgjdbc reports
     * some failures to connect (TLS, GSS) as 08006 too.
     */
    public static boolean isLostConnection(Throwable t) {
        for (Throwable c = t; c != null; c = next(c)) {
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08006 connection failure (an I/O error on the connection), 08003 connection does not exist.
                return state.equals("08006") || state.equals("08003") || LOST_SESSION.contains(state);
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

    /** The pool had no connection free in time: Agroal says "Sorry, acquisition timeout!". */
    private static boolean isAcquisitionTimeout(Throwable c) {
        return c.getMessage() != null && c.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout");
    }

    /** The next cause, through a batch's chained exceptions, which is where the driver puts the real one. */
    private static Throwable next(Throwable c) {
        if (c instanceof SQLException sql && sql.getNextException() != null && sql.getNextException() != c) {
            return sql.getNextException();
        }
        return c.getCause() == c ? null : c.getCause();
    }

    private static String reason(Throwable t) {
        for (Throwable c = t; c != null; c = next(c)) {
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
                if (SERVER_GOING_AWAY.contains(sql.getSQLState()) && !(c instanceof BatchUpdateException)) {
                    // "terminating connection due to administrator command", "the database system is starting up"
                    return firstLine(sql.getMessage(), "the server is shutting down or starting up");
                }
                if (sql.getSQLState().startsWith("08")
                        && sql.getMessage() != null
                        && !(c instanceof BatchUpdateException)) {
                    // The driver's own words (never the password): "The server requested SCRAM-based authentication..."
                    return sql.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
                }
            }
        }
        for (Throwable c = t; c != null; c = next(c)) {
            if (c instanceof SocketException || c instanceof EOFException) {
                return "the connection was lost";
            }
        }
        for (Throwable c = t; c != null; c = next(c)) {
            if (isAcquisitionTimeout(c)) {
                return "connect timed out";
            }
        }
        return "connection failed";
    }

    private static String firstLine(String message, String otherwise) {
        if (message == null || message.isBlank()) {
            return otherwise;
        }
        return message.strip().lines().findFirst().orElse(otherwise).strip();
    }
}
