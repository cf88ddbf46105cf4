package dev.onebinary.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.domain.ledger.Ledger;
import dev.onebinary.domain.ledger.RunReport;
import dev.onebinary.domain.ledger.StatementLog;
import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Interruption;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.metamodel.EntityType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hibernate.SessionFactory;

/**
 * {@code app console}: statements from a terminal, from {@code -c} or piped on stdin, over a {@link ConsoleSession}
 * of its own. It opens only when every statement can be recorded (the ledger and its statements table exist), and
 * says which guard is in force: a reader role, or the READ ONLY transaction of the main role, or write mode.
 */
@ApplicationScoped
public class Console {

    /** How the console was asked to run. */
    public record Options(
            boolean write,
            Duration statementTimeout,
            int maxRows,
            List<String> commands,
            Renderer.Format output,
            boolean sql) {}

    private final Instance<SessionFactory> orm;
    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    private final RunReport report;
    private final Ledger ledger;
    private final StatementLog log;
    private final ConsoleConfig config;

    Console(
            Instance<SessionFactory> orm,
            AgroalDataSource dataSource,
            ObjectMapper mapper,
            RunReport report,
            Ledger ledger,
            StatementLog log,
            ConsoleConfig config) {
        this.orm = orm;
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.report = report;
        this.ledger = ledger;
        this.log = log;
        this.config = config;
    }

    /** True when a console must say why it is opened ({@code app.console.require-reason}). */
    public boolean requiresReason() {
        return config.requireReason();
    }

    /** The SQL that creates the reader role, for the configured database and its owner. */
    public static String readerRoleSql() {
        Config c = ConfigProvider.getConfig();
        String url =
                c.getOptionalValue("quarkus.datasource.jdbc.url", String.class).orElse("jdbc:postgresql://host/app");
        String database = url.replaceFirst("\\?.*", "").replaceFirst(".*/", "");
        String owner =
                c.getOptionalValue("quarkus.datasource.username", String.class).orElse("app");
        return ReaderRole.createSql(database.isBlank() ? "app" : database, owner);
    }

    /** Runs the console; the exit code: 0, 1 when a non-interactive statement failed, 129/130/143 after a signal. */
    public int run(Options options, PrintWriter out, PrintWriter err) throws IOException {
        long runId = report.runId()
                .orElseThrow(() -> new AppException(
                        ExitCode.SCHEMA_BEHIND,
                        "the console records every statement in the ledger, which does not exist yet: run `app"
                                + " migrate` first"));
        if (!log.available()) {
            throw new AppException(
                    ExitCode.SCHEMA_BEHIND,
                    "the console records every statement in admin_run_statements, which does not exist yet: run `app"
                            + " migrate` first");
        }
        Guard guard = Guard.choose(options.write(), config);
        report.put("mode", options.write() ? "write" : "read-only")
                .put("guard", guard.key())
                .put("role", guard.target().user());
        ledger.progress(runId, report.summary());
        // Hibernate logs the database's error, which may quote the statement, before the console prints it.
        Logger.getLogger("org.hibernate.engine.jdbc.spi.SqlExceptionHelper").setLevel(Level.OFF);
        Logger.getLogger("org.hibernate.orm.jdbc.error").setLevel(Level.OFF);
        ConsoleSession.Settings settings = new ConsoleSession.Settings(
                options.write(),
                options.statementTimeout(),
                options.maxRows(),
                config.idleInTransactionTimeout(),
                ConfigProvider.getConfig()
                        .getOptionalValue("app.db.connect-timeout", Integer.class)
                        .orElse(5));
        ConsoleSession session =
                new ConsoleSession(guard.target(), settings, log, runId, orm::get, new ServerTruth(dataSource));
        try (session) {
            ConsoleConnection connection;
            // Until the input loop takes over, a signal ends the session before it starts, recorded as interrupted.
            try (Interruption early = Interruption.install(signal -> true)) {
                connection = session.connection();
                if (guard.target().reader()) {
                    refuseAWritingReader(connection);
                }
                if (early.requested()) {
                    return early.exitCode();
                }
            }
            LineHandler lines = new LineHandler(
                    session,
                    new Renderer(options.output(), mapper, options.maxRows()),
                    this::entities,
                    options.sql() ? ConsoleSession.Language.SQL : ConsoleSession.Language.JPQL);
            Script script = new Script(lines, session);
            if (!options.commands().isEmpty()) {
                return script.commands(options.commands(), out, err);
            }
            java.io.Console terminal = System.console();
            if (terminal != null && terminal.isTerminal()) {
                String where = guard.target().user() + "@"
                        + connection.target().where().replaceFirst(".*/", "");
                String banner = guard.banner(
                        connection.version(),
                        entityNames(),
                        options.statementTimeout().toMillis());
                Path history = config.history() ? Path.of(config.historyFile()) : null;
                return new Prompt(session, lines, banner, where, history).run();
            }
            return script.piped(System.in, out, err);
        } finally {
            ConsoleSession.Tally tally = session.tally();
            report.put("statements", tally.statements)
                    .put("refused", tally.refused)
                    .put("failed", tally.failed);
            if (options.write()) {
                report.put("committed", tally.committed).put("rolledBack", tally.rolledBack);
            }
        }
    }

    private static void refuseAWritingReader(ConsoleConnection connection) {
        try {
            List<String> problems = ReaderRole.problems(connection);
            if (!problems.isEmpty()) {
                throw new AppException(
                        ExitCode.UNAVAILABLE,
                        "the console's reader role " + connection.target().user() + " can do more than read: it "
                                + String.join("; ", problems) + " (see `app console --print-role-sql`)");
            }
        } catch (SQLException e) {
            throw new AppException(
                    ExitCode.UNAVAILABLE, "cannot check the console's reader role: " + Messages.oneLine(e), e);
        }
    }

    private List<EntityType<?>> entities() {
        return orm.get().getMetamodel().getEntities().stream()
                .sorted(Comparator.comparing(EntityType::getName))
                .toList();
    }

    private String entityNames() {
        return String.join(", ", entities().stream().map(EntityType::getName).toList());
    }
}
