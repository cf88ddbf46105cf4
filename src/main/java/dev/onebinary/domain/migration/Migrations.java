package dev.onebinary.domain.migration;

import dev.onebinary.domain.ledger.Ledger;
import dev.onebinary.platform.AppException;
import dev.onebinary.platform.DatabaseFailures;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.ReadOnlyDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;

/** The schema migrations of this release (Flyway, {@code db/migration}): what is pending, applying it, its history. */
@ApplicationScoped
public class Migrations {

    /** A migration this release would apply, with its SQL. */
    public record Planned(String version, String description, String script, String sql) {}

    /** A migration applied by this run. */
    public record Applied(String version, String description, int millis) {}

    /** What {@link #migrate} did: the schema version before and after, and each migration applied. */
    public record Outcome(String before, String after, List<Applied> applied) {}

    /** One line of {@code migrate status}. */
    @RegisterForReflection
    public record Status(
            String version, String description, String state, OffsetDateTime installedOn, String release) {}

    /** The schema against this release: pending versions, and versions applied that this release does not know. */
    public record SchemaState(String current, List<String> pending, List<String> unknownToRelease) {}

    private static final String EMPTY = "empty";

    private final Flyway flyway;
    private final Ledger ledger;

    Migrations(Flyway flyway, Ledger ledger) {
        this.flyway = flyway;
        this.ledger = ledger;
    }

    public SchemaState state() {
        MigrationInfoService info = flyway.info();
        List<String> future = Arrays.stream(info.applied())
                .filter(i -> i.getState() == MigrationState.FUTURE_SUCCESS)
                .map(i -> i.getVersion().getVersion())
                .toList();
        return new SchemaState(
                current(info),
                Arrays.stream(info.pending()).map(Migrations::version).toList(),
                future);
    }

    /** The migrations {@link #migrate} would apply, in order, read over a read-only session: nothing is written. */
    public List<Planned> plan(Optional<String> target) {
        Flyway readOnly =
                configure(target).dataSource(ReadOnlyDataSource.create()).load();
        List<Planned> planned = new ArrayList<>();
        for (MigrationInfo m : readOnly.info().pending()) {
            planned.add(new Planned(version(m), m.getDescription(), m.getScript(), sql(m.getScript())));
        }
        return planned;
    }

    /**
     * Applies the pending migrations (up to {@code target}). Flyway holds a PostgreSQL advisory lock meanwhile, so
     * concurrent runs apply each migration once. A failing migration is rolled back whole and ends the run.
     */
    public Outcome migrate(Optional<String> target, java.util.function.Consumer<Applied> progress) {
        Flyway migrating = target.isPresent() ? configure(target).load() : flyway;
        String before = current(migrating.info());
        try {
            MigrateResult result = migrating.migrate();
            List<Applied> applied = applied(result);
            applied.forEach(progress);
            return new Outcome(before, current(migrating.info()), applied);
        } catch (FlywayMigrateException e) {
            List<Applied> applied = e.getErrorResult() == null ? List.of() : applied(e.getErrorResult());
            applied.forEach(progress);
            String script =
                    e.getMigration() == null ? "a migration" : e.getMigration().getScript();
            throw new MigrationFailed(script, databaseMessage(e), applied);
        }
    }

    /** Applied and pending migrations, with when each was installed and which release applied it (from the ledger). */
    public List<Status> status() {
        Map<String, String> releases = ledger.migrationReleases();
        List<Status> rows = new ArrayList<>();
        for (MigrationInfo m : flyway.info().all()) {
            if (m.getVersion() == null) {
                continue;
            }
            OffsetDateTime installed = m.getInstalledOn() == null
                    ? null
                    : m.getInstalledOn().toInstant().atOffset(ZoneOffset.UTC);
            rows.add(new Status(
                    version(m),
                    m.getDescription(),
                    m.getState().getDisplayName().toLowerCase(java.util.Locale.ROOT),
                    installed,
                    m.getState().isApplied() ? releases.get(version(m)) : null));
        }
        return rows;
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration configure(Optional<String> target) {
        var config =
                Flyway.configure(flyway.getConfiguration().getClassLoader()).configuration(flyway.getConfiguration());
        target.ifPresent(t -> config.target(parseTarget(t)));
        return config;
    }

    private static MigrationVersion parseTarget(String target) {
        try {
            return MigrationVersion.fromVersion(target);
        } catch (FlywayException e) {
            throw new AppException(ExitCode.USAGE, "--target must be a migration version like 2 or 2.1, not " + target);
        }
    }

    private static List<Applied> applied(MigrateResult result) {
        List<Applied> applied = new ArrayList<>();
        for (MigrateOutput m : result.migrations) {
            if (m.rolledBack == null || !m.rolledBack) {
                applied.add(new Applied(m.version, m.description, m.executionTime));
            }
        }
        return applied;
    }

    private static String current(MigrationInfoService info) {
        MigrationInfo current = info.current();
        return current == null || current.getVersion() == null
                ? EMPTY
                : current.getVersion().getVersion();
    }

    private static String version(MigrationInfo m) {
        return m.getVersion() == null ? "R" : m.getVersion().getVersion();
    }

    /** The script's SQL; Flyway names scripts by their classpath path ({@code db/migration/V1__x.sql}). */
    private String sql(String script) {
        try (InputStream in = flyway.getConfiguration().getClassLoader().getResourceAsStream(script)) {
            return in == null
                    ? "-- (SQL not found: " + script + ")"
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + script, e);
        }
    }

    private static String databaseMessage(Throwable e) {
        return DatabaseFailures.databaseMessage(e)
                .orElseGet(() -> e.getMessage() == null
                        ? "failed"
                        : e.getMessage().lines().findFirst().orElse("").strip());
    }

    /** A migration failed and was rolled back; those before it in the same run stay applied. */
    public static final class MigrationFailed extends AppException {
        private final transient List<Applied> applied;

        MigrationFailed(String script, String databaseMessage, List<Applied> applied) {
            super(ExitCode.FAILED, "migration " + script + " failed and was rolled back: " + databaseMessage);
            this.applied = List.copyOf(applied);
        }

        public List<Applied> applied() {
            return applied;
        }
    }
}
