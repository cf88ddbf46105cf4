package dev.onebinary.domain.migration.lint;

import dev.onebinary.domain.migration.MigrationDataSource;
import io.quarkus.logging.Log;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A throwaway database beside the configured one, for the observed lint. Its name carries a prefix and its creation
 * time ({@code app_lint_<epoch>_<random>}); it is dropped when the lint ends, and a scratch database older than an
 * hour (left by a lint whose process was killed) is dropped by the next lint.
 */
final class ScratchDatabase implements AutoCloseable {

    static final String PREFIX = "app_lint_";
    private static final Pattern NAME = Pattern.compile(PREFIX + "(\\d+)_[0-9a-f]+");
    private static final Duration STALE = Duration.ofHours(1);

    private final DataSource admin;
    private final String name;

    private ScratchDatabase(DataSource admin, String name) {
        this.admin = admin;
        this.name = name;
    }

    /** Why no scratch database can be made here (the role lacks CREATEDB), or empty when one can. */
    static Optional<String> unavailable(DataSource admin) {
        try (Connection c = admin.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_user, rolcreatedb OR rolsuper FROM pg_roles"
                        + " WHERE rolname = current_user")) {
            if (rs.next() && !rs.getBoolean(2)) {
                return Optional.of("the role " + rs.getString(1) + " has no CREATEDB privilege, so no scratch"
                        + " database can be made: static rules only");
            }
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of("cannot check the CREATEDB privilege: " + e.getMessage());
        }
    }

    static ScratchDatabase create(DataSource admin) throws SQLException {
        dropStale(admin);
        String name = PREFIX + Instant.now().getEpochSecond() + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        SQLException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            try (Connection c = admin.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
                return new ScratchDatabase(admin, name);
            } catch (SQLException e) {
                last = e;
                // 55006: template1 is in use by another session for a moment; anything else is final.
                if (!"55006".equals(e.getSQLState())) {
                    throw e;
                }
                sleep(200);
            }
        }
        throw last;
    }

    String name() {
        return name;
    }

    DataSource dataSource(Duration lockTimeout, Duration statementTimeout) {
        return MigrationDataSource.forDatabase(name, "app migrate lint (scratch)", lockTimeout, statementTimeout);
    }

    @Override
    public void close() {
        for (int attempt = 1; attempt <= 10; attempt++) {
            try (Connection c = admin.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                return;
            } catch (SQLException e) {
                sleep(200);
            }
        }
        Log.warnf("could not drop the scratch database %s; the next app migrate lint drops it", name);
    }

    private static void dropStale(DataSource admin) {
        List<String> stale = new ArrayList<>();
        try (Connection c = admin.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX.replace("_", "\\_") + "%'")) {
            while (rs.next()) {
                Matcher m = NAME.matcher(rs.getString(1));
                if (m.matches()
                        && Instant.ofEpochSecond(Long.parseLong(m.group(1)))
                                .isBefore(Instant.now().minus(STALE))) {
                    stale.add(rs.getString(1));
                }
            }
            for (String name : stale) {
                try (Statement drop = c.createStatement()) {
                    drop.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                    Log.infof("dropped the stale scratch database %s", name);
                } catch (SQLException e) {
                    Log.debugf("cannot drop %s: %s", name, e.getMessage());
                }
            }
        } catch (SQLException e) {
            Log.debugf("cannot list stale scratch databases: %s", e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
