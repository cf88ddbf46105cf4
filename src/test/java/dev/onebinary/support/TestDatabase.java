package dev.onebinary.support;

import dev.onebinary.platform.DatabaseUrl;
import dev.onebinary.platform.EmbeddedDatabase;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place that knows which PostgreSQL the tests use, decided once per test JVM, in the order the application
 * itself reads its datasource:
 *
 * <ol>
 *   <li>{@code QUARKUS_DATASOURCE_JDBC_URL} (with {@code _USERNAME}, {@code _PASSWORD});
 *   <li>{@code DATABASE_URL};
 *   <li>{@code TEST_DB_HOST}, {@code TEST_DB_PORT}, {@code TEST_DB_NAME}, {@code TEST_DB_USER},
 *       {@code TEST_DB_PASSWORD}, any of them (defaults 127.0.0.1, 5432, app_test, app, app): a server of your own,
 *       such as the one .ci/postgres-setup prepares;
 *   <li>none of these: an {@link EmbeddedDatabase} started for this JVM, stopped when the tests end.
 * </ol>
 *
 * <p>The choice is published as {@code TEST_DB_*} system properties, which the %test datasource of
 * application.properties reads: in-JVM Quarkus tests, the packaged application that {@code @QuarkusIntegrationTest}
 * starts ({@link TestDatabaseResource}) and the processes {@link AppProcess} starts all use this database. Also makes
 * throwaway databases for tests that need an empty schema.
 */
public final class TestDatabase {

    private static final Coordinates COORDINATES = Coordinates.decide();

    public static final String HOST = COORDINATES.host();
    public static final String PORT = COORDINATES.port();
    public static final String USER = COORDINATES.user();
    public static final String PASSWORD = COORDINATES.password();
    public static final String NAME = COORDINATES.name();

    private TestDatabase() {}

    /** Where the coordinates came from, for a line in the test output. */
    public static String origin() {
        return COORDINATES.origin();
    }

    /** The settings the %test profile reads, for a packaged application started by a test. */
    public static Map<String, String> settings() {
        return COORDINATES.settings();
    }

    /** {@code postgres://user:password@host:port/database}, the form platforms inject as DATABASE_URL. */
    public static String databaseUrl(String database) {
        return "postgres://" + USER + ":" + PASSWORD + "@" + HOST + ":" + PORT + "/" + database + COORDINATES.query();
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database + COORDINATES.query();
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
     * so this retries; a database left behind never fails a test (.ci/postgres-setup drops those of a system server).
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
        System.err.println("test database " + database + " left behind on " + HOST + ":" + PORT);
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

    /** Stops the embedded server, when this JVM started one (at the end of the test session). */
    static void stopEmbedded() {
        COORDINATES.embedded().ifPresent(EmbeddedDatabase::close);
    }

    private static void admin(String sql) {
        try (Connection c = connect(NAME);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** One decision: host, port, role and database of the tests, and the embedded server when there is one. */
    private record Coordinates(
            String host,
            String port,
            String user,
            String password,
            String name,
            String query,
            String origin,
            Optional<EmbeddedDatabase> embedded) {

        private static final String DEFAULT_NAME = "app_test";
        private static final String DEFAULT_USER = "app";
        private static final String DEFAULT_PASSWORD = "app";
        /** Set beside the TEST_DB_* properties once a JVM has decided; other class loaders of it read the decision. */
        private static final String ORIGIN_PROPERTY = "dev.onebinary.test-database.origin";

        static Coordinates decide() {
            String decided = System.getProperty(ORIGIN_PROPERTY);
            if (decided != null) {
                return fromTestDbVariables(System::getProperty, decided);
            }
            Coordinates coordinates = explicit().orElseGet(Coordinates::embeddedServer);
            coordinates.settings().forEach(System::setProperty);
            System.setProperty(ORIGIN_PROPERTY, coordinates.origin());
            System.err.println("test database: " + coordinates.name() + " on " + coordinates.host() + ":"
                    + coordinates.port() + " (" + coordinates.origin() + ")");
            return coordinates;
        }

        private static Optional<Coordinates> explicit() {
            String jdbcUrl = env("QUARKUS_DATASOURCE_JDBC_URL");
            if (jdbcUrl != null) {
                return Optional.of(fromJdbcUrl(
                        jdbcUrl,
                        orElse(env("QUARKUS_DATASOURCE_USERNAME"), DEFAULT_USER),
                        orElse(env("QUARKUS_DATASOURCE_PASSWORD"), DEFAULT_PASSWORD),
                        "QUARKUS_DATASOURCE_JDBC_URL"));
            }
            String databaseUrl = env(DatabaseUrl.ENV);
            if (databaseUrl != null) {
                DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
                return Optional.of(fromJdbcUrl(
                        url.jdbcUrl(),
                        orElse(url.username(), DEFAULT_USER),
                        orElse(url.password(), DEFAULT_PASSWORD),
                        DatabaseUrl.ENV));
            }
            for (String variable : List.of("HOST", "PORT", "NAME", "USER", "PASSWORD")) {
                if (env("TEST_DB_" + variable) != null) {
                    return Optional.of(fromTestDbVariables(Coordinates::env, "TEST_DB_*"));
                }
            }
            return Optional.empty();
        }

        private static Coordinates embeddedServer() {
            EmbeddedDatabase server = EmbeddedDatabase.start(DEFAULT_NAME);
            return new Coordinates(
                    server.host(),
                    Integer.toString(server.port()),
                    EmbeddedDatabase.USER,
                    EmbeddedDatabase.PASSWORD,
                    DEFAULT_NAME,
                    "",
                    "an embedded PostgreSQL for this test JVM: no QUARKUS_DATASOURCE_JDBC_URL, DATABASE_URL or TEST_DB_*",
                    Optional.of(server));
        }

        private static Coordinates fromTestDbVariables(
                java.util.function.Function<String, String> source, String origin) {
            return new Coordinates(
                    orElse(source.apply("TEST_DB_HOST"), "127.0.0.1"),
                    orElse(source.apply("TEST_DB_PORT"), "5432"),
                    orElse(source.apply("TEST_DB_USER"), DEFAULT_USER),
                    orElse(source.apply("TEST_DB_PASSWORD"), DEFAULT_PASSWORD),
                    orElse(source.apply("TEST_DB_NAME"), DEFAULT_NAME),
                    "",
                    origin,
                    Optional.empty());
        }

        private static Coordinates fromJdbcUrl(String jdbcUrl, String user, String password, String origin) {
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() <= 1) {
                throw new IllegalStateException(origin + " must name a host and a database for the tests");
            }
            return new Coordinates(
                    uri.getHost(),
                    uri.getPort() == -1 ? "5432" : Integer.toString(uri.getPort()),
                    user,
                    password,
                    uri.getPath().substring(1),
                    uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery(),
                    origin,
                    Optional.empty());
        }

        Map<String, String> settings() {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("TEST_DB_HOST", host);
            settings.put("TEST_DB_PORT", port);
            settings.put("TEST_DB_NAME", name);
            settings.put("TEST_DB_USER", user);
            settings.put("TEST_DB_PASSWORD", password);
            return settings;
        }

        private static String env(String name) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? null : value;
        }

        private static String orElse(String value, String fallback) {
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}
