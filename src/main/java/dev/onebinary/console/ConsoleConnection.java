package dev.onebinary.console;

import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.jdbc.PreferQueryMode;

/**
 * The console's own connection: straight from pgjdbc, never pooled and never part of a JTA transaction, so the
 * console alone decides when a transaction begins and ends. It always uses the extended query protocol, where
 * PostgreSQL refuses more than one command per Parse message; read-only sessions start with
 * {@code default_transaction_read_only=on}, which survives the reset after each statement.
 */
final class ConsoleConnection implements AutoCloseable {

    static final String APPLICATION_NAME = "app console";

    private final Target target;
    private final Connection connection;
    private final int pid;
    private final boolean standardConformingStrings;
    private final int serverVersion;
    private final String version;
    private volatile Statement running;

    private ConsoleConnection(Target target, Connection connection) throws SQLException {
        this.target = target;
        this.connection = connection;
        this.pid = connection.unwrap(PGConnection.class).getBackendPID();
        this.standardConformingStrings = connection.unwrap(BaseConnection.class).getStandardConformingStrings();
        List<Object> server =
                row("SELECT current_setting('server_version_num')::int, current_setting('server_version')");
        this.serverVersion = ((Number) server.get(0)).intValue();
        this.version = "PostgreSQL " + server.get(1);
    }

    /** Connects; a database that cannot be reached or refuses the login is exit code 3, in one line. */
    static ConsoleConnection open(Target target, boolean readOnly, int connectTimeoutSeconds) {
        try {
            Connection c = connect(target, readOnly, connectTimeoutSeconds, APPLICATION_NAME);
            if (c.unwrap(PGConnection.class).getPreferQueryMode() != PreferQueryMode.EXTENDED) {
                c.close();
                throw new AppException(
                        ExitCode.UNAVAILABLE,
                        "the console needs the extended query protocol: remove preferQueryMode"
                                + " from the datasource URL");
            }
            return new ConsoleConnection(target, c);
        } catch (SQLException e) {
            throw new AppException(
                    ExitCode.UNAVAILABLE,
                    "cannot connect the console to " + target.where() + " as " + target.user() + ": "
                            + Messages.oneLine(e),
                    e);
        }
    }

    /**
     * A pgjdbc connection whose settings the URL cannot override: the URL's own parameters become properties and
     * ours are applied over them (pgjdbc lets URL parameters win over properties).
     */
    private static Connection connect(Target target, boolean readOnly, int timeout, String applicationName)
            throws SQLException {
        String url = target.jdbcUrl();
        int query = url.indexOf('?');
        Properties props = new Properties();
        Properties parsed = Driver.parseURL(url, null);
        if (parsed == null) {
            throw new SQLException("not a PostgreSQL JDBC URL", "08001");
        }
        for (String name : parsed.stringPropertyNames()) {
            if (!name.startsWith("PG")) {
                props.setProperty(name, parsed.getProperty(name));
            }
        }
        if (target.user() != null) {
            props.setProperty("user", target.user());
        }
        if (target.password() != null) {
            props.setProperty("password", target.password());
        }
        props.setProperty("ApplicationName", applicationName);
        // Sent in the startup packet (not SET after connecting), so DISCARD ALL keeps it: the session stays findable.
        props.setProperty("assumeMinServerVersion", "10");
        props.setProperty("connectTimeout", Integer.toString(timeout));
        props.setProperty("loginTimeout", Integer.toString(timeout));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("preferQueryMode", "extended");
        if (readOnly) {
            String options = props.getProperty("options", "");
            props.setProperty("options", (options + " -c default_transaction_read_only=on").strip());
        }
        Connection c = new Driver().connect(query < 0 ? url : url.substring(0, query), props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL", "08001");
        }
        return c;
    }

    Connection jdbc() {
        return connection;
    }

    Target target() {
        return target;
    }

    int pid() {
        return pid;
    }

    /** {@code PostgreSQL 15.4 (Debian ...)}, as the server reports it. */
    String version() {
        return version;
    }

    boolean standardConformingStrings() {
        return standardConformingStrings;
    }

    /** PostgreSQL 14 and later check, while a statement runs, whether the client is still there. */
    boolean checksClientConnection() {
        return serverVersion >= 140000;
    }

    /** A statement for the user's input, sent as typed (no JDBC escape processing), cancellable meanwhile. */
    Statement statement() throws SQLException {
        Statement s = connection.createStatement();
        s.setEscapeProcessing(false);
        running = s;
        return s;
    }

    void finished() {
        running = null;
    }

    void run(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first row of a query the console itself runs. */
    List<Object> row(String sql) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<Object> values = new ArrayList<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getObject(i));
                }
            }
            return values;
        }
    }

    /** Asks the server to cancel the running statement (pgjdbc's cancel request: no privilege needed). */
    void cancel() {
        Statement s = running;
        if (s != null) {
            try {
                s.cancel();
            } catch (SQLException e) {
                // The statement ended meanwhile, or the connection is gone: nothing left to cancel.
            }
        }
    }

    /**
     * Ends this session's backend, for a statement that ignores cancellation (a function that traps query_canceled):
     * pg_terminate_backend from a second connection as the same role (always allowed), then the socket is closed.
     */
    void terminate() {
        try (Connection killer = connect(target, false, 5, APPLICATION_NAME + " (watchdog)");
                var ps = killer.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            ps.execute();
        } catch (SQLException e) {
            // Closing the socket below still ends the statement on the client; PostgreSQL 14+ notices within 2 s.
        }
        abort();
    }

    void abort() {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException e) {
            // already closed
        }
    }

    boolean isClosed() {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the session is over either way
        }
    }
}
