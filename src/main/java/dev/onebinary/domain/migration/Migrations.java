package dev.onebinary.domain.migration;

import dev.onebinary.domain.ledger.Ledger;
import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.ReadOnlyDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.RepairOutput;
import org.flywaydb.core.api.output.RepairResult;
import org.flywaydb.core.api.resource.LoadableResource;

/** The schema migrations of this release (Flyway, {@code db/migration}): what is pending, applying it, its history. */
@ApplicationScoped
public class Migrations {

    /**
     * A migration of this release not applied yet, with its SQL; {@code outOfOrder} when its version is below the
     * schema's (Flyway's IGNORED: added after a newer migration was applied), which {@link #migrate} refuses.
     */
    public record Planned(String version, String description, String script, String sql, boolean outOfOrder) {}

    /** A migration of this release with its SQL; {@code pending} when the database has not applied it. */
    public record Script(String version, String description, String script, String sql, boolean pending) {}

    /** A migration applied by this run. */
    @RegisterForReflection
    public record Applied(String version, String description, int millis) {}

    /** What {@link #migrate} did: the schema version before and after, and each migration applied. */
    public record Outcome(String before, String after, List<Applied> applied) {}

    /** One line of {@code migrate status}. */
    @RegisterForReflection
    public record Status(
            String version, String description, String state, OffsetDateTime installedOn, String release) {}

    /**
     * The schema against this release: versions not applied yet ({@code pending}, which includes {@code outOfOrder}:
     * those below the schema's version, never applied), and versions applied that this release does not know.
     */
    public record SchemaState(
            String current, List<String> pending, List<String> outOfOrder, List<String> unknownToRelease) {

        /** The database has applied migrations this release does not have: a newer release migrated it. */
        public boolean ahead() {
            return !unknownToRelease.isEmpty();
        }
    }

    /** What {@code migrate repair} changed in the history table. */
    @RegisterForReflection
    public record Repair(
            List<String> removedFailed,
            List<String> deletedMissing,
            List<String> alignedChecksums,
            List<InvalidIndex> invalidIndexes) {}

    private static final String EMPTY = "empty";
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__(.*)\\.sql");

    private final Flyway flyway;
    private final Ledger ledger;
    private final MigrateConfig config;
    private final RunningMigration running;

    Migrations(Flyway flyway, Ledger ledger, MigrateConfig config, RunningMigration running) {
        this.flyway = flyway;
        this.ledger = ledger;
        this.config = config;
        this.running = running;
    }

    public SchemaState state() {
        MigrationInfoService info = flyway.info();
        List<String> future = Arrays.stream(info.applied())
                .filter(i ->
                        i.getState() == MigrationState.FUTURE_SUCCESS || i.getState() == MigrationState.FUTURE_FAILED)
                .map(Migrations::version)
                .toList();
        List<MigrationInfo> unapplied = unapplied(info);
        return new SchemaState(
                current(info),
                unapplied.stream().map(Migrations::version).toList(),
                unapplied.stream()
                        .filter(Migrations::outOfOrder)
                        .map(Migrations::version)
                        .toList(),
                future);
    }

    /** The newest version this release has, or {@code empty}. */
    public String latestKnown() {
        return releaseScripts().stream()
                .map(Script::version)
                .reduce((a, b) -> b)
                .orElse(EMPTY);
    }

    /** The migrations {@link #migrate} would apply, in order, read over a read-only session: nothing is written. */
    public List<Planned> plan(Optional<String> target) {
        Flyway readOnly =
                configure(target).dataSource(ReadOnlyDataSource.create()).load();
        List<Planned> planned = new ArrayList<>();
        for (MigrationInfo m : unapplied(readOnly.info())) {
            planned.add(new Planned(version(m), m.getDescription(), m.getScript(), sql(m.getScript()), outOfOrder(m)));
        }
        return planned;
    }

    /** This release's SQL migrations against the database, and the version the database is at. */
    public record Scripts(String current, List<Script> scripts) {}

    /**
     * This release's SQL migrations in order with their text, each marked pending or applied against the database
     * (read over a read-only session). Those above {@code target} are left out.
     */
    public Scripts scripts(Optional<String> target) {
        return scripts(
                configure(target).dataSource(ReadOnlyDataSource.create()).load().info());
    }

    /** As {@link #scripts(Optional)}, from what a prepared migration read of the database. */
    public Scripts scripts(Prepared prepared) {
        return scripts(prepared.info);
    }

    private Scripts scripts(MigrationInfoService info) {
        List<Script> scripts = new ArrayList<>();
        for (MigrationInfo m : info.all()) {
            if (m.getVersion() == null
                    || m.getScript() == null
                    || !m.getScript().endsWith(".sql")) {
                continue;
            }
            boolean pending = isUnapplied(m);
            boolean applied = m.getState().isApplied() && !m.getState().isFailed();
            if (pending || applied && m.getState().isResolved()) {
                scripts.add(new Script(version(m), m.getDescription(), m.getScript(), sql(m.getScript()), pending));
            }
        }
        return new Scripts(current(info), scripts);
    }

    /** Every SQL migration of this release, in version order, read without a database; all marked pending. */
    public List<Script> releaseScripts() {
        List<Script> scripts = new ArrayList<>();
        for (LoadableResource r : flyway.getConfiguration()
                .getResourceProvider()
                .getResources(flyway.getConfiguration().getSqlMigrationPrefix(), new String[] {".sql"})) {
            Matcher m = VERSIONED.matcher(r.getFilename());
            if (m.matches()) {
                scripts.add(new Script(
                        m.group(1).replace('_', '.'),
                        m.group(2).replace('_', ' '),
                        r.getRelativePath(),
                        read(r),
                        true));
            }
        }
        scripts.sort(Comparator.comparing(s -> MigrationVersion.fromVersion(s.version())));
        return scripts;
    }

    /**
     * A migration up to {@code target}, ready to run: Flyway on sessions with the migration timeouts, and the history
     * it has just read. What {@link #scripts(Prepared)} lints and {@link #migrate(Prepared, Consumer)} applies, read
     * once: each Flyway operation costs a session and tens of milliseconds of the native executable's CPU.
     */
    public static final class Prepared {
        private final Flyway flyway;
        private final DataSource sessions;
        private final MigrationInfoService info;

        private Prepared(Flyway flyway, DataSource sessions, MigrationInfoService info) {
            this.flyway = flyway;
            this.sessions = sessions;
            this.info = info;
        }
    }

    public Prepared prepare(Optional<String> target) {
        requirePositiveTimeouts();
        DataSource sessions =
                MigrationDataSource.create("app migrate", config.lockTimeout(), config.statementTimeout());
        Flyway migrating = configure(target).dataSource(sessions).load();
        return new Prepared(migrating, sessions, migrating.info());
    }

    /**
     * Applies the prepared pending migrations on sessions that carry the migration timeouts, retrying
     * one that hit the lock timeout (see {@link MigrationRun}). Flyway holds a PostgreSQL advisory lock meanwhile, so
     * concurrent runs apply each migration once. A failing migration is rolled back whole and ends the run.
     * With nothing to apply and a history that validates, it ends there: Flyway's migrate would only validate the same
     * history again, on two more sessions under its lock.
     */
    public Outcome migrate(Prepared prepared, Consumer<Applied> progress) {
        preflight(prepared.info);
        String before = current(prepared.info);
        if (unapplied(prepared.info).isEmpty() && prepared.flyway.validateWithResult().validationSuccessful) {
            return new Outcome(before, before, List.of());
        }
        return new MigrationRun(prepared.flyway, prepared.sessions, config, running).run(before, progress);
    }

    /**
     * Adopts a database whose schema already matches this release up to {@code version} (created by hand or by
     * another tool): records that version as the baseline, so migrations after it apply and those up to it never do.
     */
    public String baseline(String version) {
        MigrationVersion v = parseVersion("--baseline", version);
        Optional<Script> known = releaseScripts().stream()
                .filter(s -> MigrationVersion.fromVersion(s.version()).equals(v))
                .findFirst();
        if (known.isEmpty()) {
            throw new AppException(
                    ExitCode.USAGE,
                    "--baseline " + version + ": this release has no migration " + version + " (it has "
                            + String.join(
                                    ", ",
                                    releaseScripts().stream()
                                            .map(Script::version)
                                            .toList()) + ")");
        }
        MigrationInfoService info = flyway.info();
        if (info.applied().length > 0) {
            throw new AppException(
                    ExitCode.USAGE,
                    "--baseline: the database already has a migration history (schema at " + current(info)
                            + "); nothing to adopt");
        }
        if (!hasTables()) {
            throw new AppException(
                    ExitCode.USAGE,
                    "--baseline: the database has no tables, so there is nothing to adopt; run app migrate instead");
        }
        DataSource sessions =
                MigrationDataSource.create("app migrate", config.lockTimeout(), config.statementTimeout());
        configure(Optional.empty())
                .dataSource(sessions)
                .baselineVersion(v)
                .baselineDescription("adopted by app migrate --baseline " + version)
                .load()
                .baseline();
        return v.getVersion();
    }

    /**
     * Removes failed rows from the history table (a non-transactional migration that failed half-way), and realigns
     * checksums and descriptions with this release's scripts, as Flyway's repair does. Lists the INVALID indexes a
     * failed concurrent build may have left, which repair does not drop.
     */
    public Repair repair() {
        DataSource sessions =
                MigrationDataSource.create("app migrate repair", config.lockTimeout(), config.statementTimeout());
        RepairResult result =
                configure(Optional.empty()).dataSource(sessions).load().repair();
        return new Repair(
                names(result.migrationsRemoved),
                names(result.migrationsDeleted),
                names(result.migrationsAligned),
                invalidIndexes());
    }

    /** Indexes left INVALID by a failed concurrent build, anywhere in the database. */
    public List<InvalidIndex> invalidIndexes() {
        try (Connection c = ReadOnlyDataSource.create().getConnection()) {
            return InvalidIndex.find(c);
        } catch (SQLException e) {
            throw new dev.onebinary.domain.DatabaseException(e);
        }
    }

    /**
     * Applies this release's migrations up to {@code target}, except the scripts named in {@code leaveOut}, to another
     * database (the lint's scratch database: what the real one has applied, without what it has not, even below its
     * version).
     */
    public void applyTo(DataSource dataSource, String target, Set<String> leaveOut) {
        FluentConfiguration scratch = configure(Optional.of(target)).dataSource(dataSource);
        scratch.resourceProvider(new LeaveOut(scratch.getResourceProvider(), leaveOut));
        scratch.load().migrate();
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
                    state(m.getState()),
                    installed,
                    m.getState().isApplied() ? releases.get(version(m)) : null));
        }
        return rows;
    }

    /** Flyway's state names, except that a migration this release does not know is {@code ahead}. */
    private static String state(MigrationState state) {
        return switch (state) {
            case FUTURE_SUCCESS -> "ahead";
            case FUTURE_FAILED -> "ahead (failed)";
            case IGNORED -> "pending (out of order)";
            default -> state.getDisplayName().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * Checks before applying anything: every pending script's timeout header is usable, and no INVALID index left by
     * an earlier failed build has the name of an index a pending script creates (IF NOT EXISTS would skip it).
     */
    private void preflight(MigrationInfoService info) {
        for (MigrationInfo m : unapplied(info)) {
            if (outOfOrder(m)) {
                throw new AppException(
                        ExitCode.FAILED,
                        "migration " + version(m) + " (" + m.getScript() + ") was never applied and is older than the"
                                + " schema (" + current(info) + "): migrations apply in version order, so app migrate"
                                + " will not apply it; give it a version above " + current(info)
                                + " in a new release");
            }
        }
        List<MigrationInfo> unapplied = unapplied(info);
        List<InvalidIndex> invalid = unapplied.isEmpty() ? List.of() : invalidIndexes();
        for (MigrationInfo m : unapplied) {
            if (m.getScript() == null || !m.getScript().endsWith(".sql")) {
                continue;
            }
            String sql = sql(m.getScript());
            try {
                ScriptHeader.of(m.getScript(), sql);
            } catch (ScriptHeader.InvalidHeader e) {
                throw new AppException(ExitCode.UNSAFE_MIGRATION, e.getMessage());
            }
            for (InvalidIndex index : invalid) {
                if (Pattern.compile("(?i)\\b" + Pattern.quote(index.name()) + "\\b")
                        .matcher(sql)
                        .find()) {
                    throw new AppException(
                            ExitCode.FAILED,
                            "pending " + m.getScript() + " creates " + index.name() + ", which exists as an "
                                    + index.describe() + "; drop it, then run app migrate again");
                }
            }
        }
    }

    private void requirePositiveTimeouts() {
        if (config.lockTimeout().isZero()
                || config.lockTimeout().isNegative()
                || config.statementTimeout().isZero()
                || config.statementTimeout().isNegative()) {
            throw new AppException(
                    ExitCode.UNAVAILABLE,
                    "app.migrate.lock-timeout and app.migrate.statement-timeout must be positive: 0 would let a"
                            + " migration wait forever");
        }
    }

    private boolean hasTables() {
        try (Connection c = ReadOnlyDataSource.create().getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid ="
                        + " c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()")) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (SQLException e) {
            throw new dev.onebinary.domain.DatabaseException(e);
        }
    }

    private FluentConfiguration configure(Optional<String> target) {
        FluentConfiguration config =
                Flyway.configure(flyway.getConfiguration().getClassLoader()).configuration(flyway.getConfiguration());
        // The copy gets the session lock too, rather than rely on configuration() copying the PostgreSQL extension.
        new SessionLockCustomizer().customize(config);
        target.ifPresent(t -> config.target(parseVersion("--target", t)));
        return config;
    }

    private static MigrationVersion parseVersion(String option, String version) {
        try {
            return MigrationVersion.fromVersion(version);
        } catch (FlywayException | NumberFormatException e) {
            throw new AppException(
                    ExitCode.USAGE, option + " must be a migration version like 2 or 2.1, not " + version);
        }
    }

    private static List<String> names(List<RepairOutput> outputs) {
        return outputs == null
                ? List.of()
                : outputs.stream().map(o -> o.version + " " + o.description).toList();
    }

    /**
     * The migrations of this release the database has not applied, in version order (repeatables last): pending ones,
     * and those Flyway calls IGNORED (a version below the schema's that was never applied: a migration merged after a
     * newer one had been applied). Either way the release's schema is not there yet.
     */
    static List<MigrationInfo> unapplied(MigrationInfoService info) {
        return Arrays.stream(info.all())
                .filter(Migrations::isUnapplied)
                .sorted(Comparator.comparing(
                        MigrationInfo::getVersion, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    private static boolean isUnapplied(MigrationInfo m) {
        return m.getState() == MigrationState.PENDING || outOfOrder(m);
    }

    private static boolean outOfOrder(MigrationInfo m) {
        return m.getState() == MigrationState.IGNORED && m.getVersion() != null;
    }

    static String current(MigrationInfoService info) {
        MigrationInfo current = info.current();
        return current == null || current.getVersion() == null
                ? EMPTY
                : current.getVersion().getVersion();
    }

    private static String version(MigrationInfo m) {
        return m.getVersion() == null ? "R" : m.getVersion().getVersion();
    }

    /** The script's SQL, from the resources Flyway migrates from (the release's classpath, extra test locations). */
    private String sql(String script) {
        LoadableResource resource = flyway.getConfiguration().getResourceProvider() == null
                ? null
                : flyway.getConfiguration().getResourceProvider().getResource(script);
        if (resource != null) {
            return read(resource);
        }
        try (InputStream in = flyway.getConfiguration().getClassLoader().getResourceAsStream(script)) {
            return in == null
                    ? "-- (SQL not found: " + script + ")"
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + script, e);
        }
    }

    private static String read(LoadableResource resource) {
        try (Reader reader = resource.read()) {
            StringBuilder sql = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                sql.append(buffer, 0, n);
            }
            return sql.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource.getRelativePath(), e);
        }
    }
}
