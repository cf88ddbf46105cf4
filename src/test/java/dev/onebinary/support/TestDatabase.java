package dev.onebinary.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL the tests use: the same coordinates as the %test profile of application.properties (role app,
 * password app, database TEST_DB_NAME (app_test) on TEST_DB_HOST:TEST_DB_PORT), set up by .ci/run. Also makes throwaway databases
 * for tests that need an empty schema.
 */
public final class TestDatabase {

    public static final String HOST = env("TEST_DB_HOST", "127.0.0.1");
    public static final String PORT = env("TEST_DB_PORT", "5432");
    public static final String USER = "app";
    public static final String PASSWORD = "app";
    public static final String NAME = env("TEST_DB_NAME", "app_test");

    private TestDatabase() {}

    /** {@code postgres://app:app@host:port/NAME}, the form platforms inject as DATABASE_URL. */
    public static String databaseUrl(String database) {
        return "postgres://" + USER + ":" + PASSWORD + "@" + HOST + ":" + PORT + "/" + database;
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
    }

    /** Creates an empty database named after the test; drop it with {@link #drop(String)}. */
    public static String createEmpty(String purpose) {
        String tag = purpose.length() > 40 ? purpose.substring(0, 40) : purpose;
        String name = ("t_" + tag + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        admin("CREATE DATABASE " + name);
        return name;
    }

    /**
     * Drops a test database. An autovacuum worker (a superuser process this role may not end) can hold it for a moment,
     * so this retries; a database left behind is dropped by the next .ci/postgres-setup, and never fails a test.
     */
    public static void drop(String database) {
        for (int attempt = 1; attempt <= 20; attempt++) {
            try {
                admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                return;
            } catch (IllegalStateException e) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        System.err.println("test database " + database + " left behind; .ci/postgres-setup drops it next time");
    }

    /** The first column of the first row, or null. */
    public static Object scalar(String database, String sql) {
        try (Connection c = connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of every row, as text. */
    public static List<String> column(String database, String sql) {
        try (Connection c = connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static void execute(String database, String sql) {
        try (Connection c = connect(database);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void admin(String sql) {
        try (Connection c = connect(NAME);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
