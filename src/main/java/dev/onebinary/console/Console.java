package dev.onebinary.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.domain.DatabaseInfo;
import dev.onebinary.domain.ledger.Ledger;
import dev.onebinary.domain.ledger.RunReport;
import dev.onebinary.platform.DatabaseFailures;
import dev.onebinary.platform.ExitCode;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.persistence.metamodel.EntityType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code app console}: statements from a terminal (line editing, history), from {@code -c} or from piped stdin,
 * one per line, run over a {@link ConsoleSession}. Write-mode statements that change rows are written to the
 * ledger as they happen, and marked committed or rolled back.
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

    private static final String HELP = """
            Statements: JPQL over the entities (select r from RecordEntity r where r.status = 'invalid'),
            or SQL after \\sql. One statement per line.
              \\sql, \\jpql       switch the query language
              \\d [NAME]         list entities and tables, or describe one
              \\timing           show how long each statement took
              \\commit, \\rollback end the transaction (--write only)
              \\q                quit (an open transaction is rolled back)
            Ctrl-C cancels the running statement.""";

    private final Instance<EntityManager> em;
    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    private final RunReport report;
    private final Ledger ledger;
    private final DatabaseInfo database;

    Console(
            Instance<EntityManager> em,
            AgroalDataSource dataSource,
            ObjectMapper mapper,
            RunReport report,
            Ledger ledger,
            DatabaseInfo database) {
        this.em = em;
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.report = report;
        this.ledger = ledger;
        this.database = database;
    }

    /**
     * Runs the console; returns the exit code: 0, or 1 when a non-interactive statement failed. The request context
     * carries the console's explicit transaction from statement to statement.
     */
    @ActivateRequestContext
    public int run(Options options, PrintWriter out, PrintWriter err) throws IOException {
        List<Map<String, Object>> changes = new ArrayList<>();
        report.put("mode", options.write() ? "write" : "read-only").put("statements", changes);
        try (ConsoleSession session = new ConsoleSession(
                em.get(), dataSource, options.write(), options.statementTimeout(), options.maxRows())) {
            State state = new State(session, new Renderer(options.output(), mapper, options.maxRows()), changes);
            state.language = options.sql() ? ConsoleSession.Language.SQL : ConsoleSession.Language.JPQL;
            if (!options.commands().isEmpty()) {
                return script(options.commands(), state, out, err);
            }
            java.io.Console terminal = System.console();
            if (terminal != null && terminal.isTerminal()) {
                return interactive(state);
            }
            List<String> lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    .lines()
                    .toList();
            return script(lines, state, out, err);
        } finally {
            markOpenChanges(changes, "rolled back");
        }
    }

    private int script(List<String> lines, State state, PrintWriter out, PrintWriter err) {
        for (String line : lines) {
            try {
                if (!handle(line, state, out)) {
                    break;
                }
            } catch (ConsoleSession.StatementFailed e) {
                err.println("app console: " + e.getMessage());
                err.flush();
                return ExitCode.FAILED;
            }
        }
        return ExitCode.OK;
    }

    private int interactive(State state) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            terminal.handle(Terminal.Signal.INT, signal -> state.session.cancelRunning());
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("app console")
                    // Lines are statements and \commands, taken as typed: no shell-style escapes or ! history.
                    .parser(new DefaultParser().escapeChars(new char[0]))
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .variable(
                            LineReader.HISTORY_FILE,
                            Path.of(System.getProperty("user.home", "."), ".app_console_history"))
                    .build();
            PrintWriter out = terminal.writer();
            DatabaseInfo.Server server = database.server();
            String where = server.user() + "@" + server.database();
            out.println("Connected to " + server.version() + " at " + DatabaseFailures.target() + " as " + server.user()
                    + (state.session.writable()
                            ? ", WRITE mode: end each transaction with \\commit or \\rollback."
                            : ", read-only: PostgreSQL refuses every write (start with --write to change data)."));
            out.println("JPQL over " + entityNames() + "; \\sql for SQL, \\? for help, \\q to quit.");
            while (true) {
                String prompt = where + " (" + (state.session.writable() ? "WRITE" : "read-only")
                        + (state.session.inTransaction() ? "*" : "") + ") "
                        + state.language.name().toLowerCase(Locale.ROOT) + "> ";
                String line;
                try {
                    line = reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                try {
                    if (!handle(line, state, out)) {
                        break;
                    }
                } catch (ConsoleSession.StatementFailed e) {
                    out.println("ERROR: " + e.getMessage().replaceFirst("^ERROR: ", ""));
                    out.flush();
                }
            }
            return ExitCode.OK;
        }
    }

    /** Handles one line; false when the console should end. */
    private boolean handle(String raw, State state, PrintWriter out) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("--")) {
            return true;
        }
        if (line.startsWith("\\")) {
            return meta(line, state, out);
        }
        String statement =
                line.endsWith(";") ? line.substring(0, line.length() - 1).strip() : line;
        state.executed++;
        report.put("executed", state.executed);
        Result result = state.session.execute(statement, state.language);
        state.renderer.print(out, result, state.timing);
        if (!result.isQuery() && result.changed() > 0 && state.session.writable()) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("statement", statement);
            change.put("language", state.language.name().toLowerCase(Locale.ROOT));
            change.put("rows", result.changed());
            change.put("at", Instant.now().toString());
            change.put("status", "uncommitted");
            state.changes.add(change);
            saveProgress();
        }
        return true;
    }

    private boolean meta(String line, State state, PrintWriter out) {
        String[] words = line.split("\\s+", 2);
        switch (words[0]) {
            case "\\q", "\\quit" -> {
                return false;
            }
            case "\\sql" -> state.language = ConsoleSession.Language.SQL;
            case "\\jpql" -> state.language = ConsoleSession.Language.JPQL;
            case "\\timing" -> {
                state.timing = !state.timing;
                out.println("Timing is " + (state.timing ? "on." : "off."));
            }
            case "\\commit", "\\rollback" -> {
                if (!state.session.writable()) {
                    out.println("Nothing to " + words[0].substring(1) + ": the console is read-only.");
                } else if (words[0].equals("\\commit")) {
                    state.session.commit();
                    markOpenChanges(state.changes, "committed");
                    out.println("COMMIT");
                } else {
                    state.session.rollback();
                    markOpenChanges(state.changes, "rolled back");
                    out.println("ROLLBACK");
                }
            }
            case "\\d" -> describe(words.length > 1 ? words[1].strip() : null, state, out);
            case "\\?", "\\help", "\\h" -> out.println(HELP);
            default ->
                throw new ConsoleSession.StatementFailed(
                        "unknown command " + words[0] + " (\\? lists the commands)", null);
        }
        out.flush();
        return true;
    }

    private void describe(String name, State state, PrintWriter out) {
        if (name == null) {
            List<List<Object>> rows = new ArrayList<>();
            for (EntityType<?> e : entities()) {
                rows.add(List.of("entity", e.getName(), e.getJavaType().getSimpleName()));
            }
            state.renderer.print(out, Result.rows(List.of("kind", "name", "java type"), rows, false, 0), false);
            state.renderer.print(
                    out,
                    state.session.execute(
                            "SELECT c.relname AS table, c.reltuples::bigint AS"
                                    + " estimated_rows FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                    + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v') ORDER BY 1",
                            ConsoleSession.Language.SQL),
                    false);
            return;
        }
        for (EntityType<?> e : entities()) {
            if (e.getName().equalsIgnoreCase(name)) {
                List<List<Object>> rows = new ArrayList<>();
                e.getAttributes().stream()
                        .sorted(Comparator.comparing(a -> a.getName()))
                        .forEach(a ->
                                rows.add(List.of(a.getName(), a.getJavaType().getSimpleName())));
                state.renderer.print(out, Result.rows(List.of("attribute", "java type"), rows, false, 0), false);
                return;
            }
        }
        Result columns = state.session.execute(
                "SELECT column_name AS column, data_type AS type, is_nullable AS"
                        + " nullable, column_default AS default FROM information_schema.columns WHERE table_schema ="
                        + " current_schema() AND table_name = '" + name.replace("'", "''")
                        + "' ORDER BY ordinal_position",
                ConsoleSession.Language.SQL);
        if (columns.rows().isEmpty()) {
            throw new ConsoleSession.StatementFailed("no entity or table named " + name, null);
        }
        state.renderer.print(out, columns, false);
    }

    private List<EntityType<?>> entities() {
        return em.get().getMetamodel().getEntities().stream()
                .sorted(Comparator.comparing(EntityType::getName))
                .toList();
    }

    private String entityNames() {
        return String.join(", ", entities().stream().map(EntityType::getName).toList());
    }

    private void markOpenChanges(List<Map<String, Object>> changes, String status) {
        boolean any = false;
        for (Map<String, Object> change : changes) {
            if ("uncommitted".equals(change.get("status"))) {
                change.put("status", status);
                any = true;
            }
        }
        if (any) {
            saveProgress();
        }
    }

    private void saveProgress() {
        report.runId().ifPresent(id -> ledger.progress(id, report.summary()));
    }

    /** The console's state between lines. */
    private static final class State {
        final ConsoleSession session;
        final Renderer renderer;
        final List<Map<String, Object>> changes;
        ConsoleSession.Language language = ConsoleSession.Language.JPQL;
        boolean timing;
        int executed;

        State(ConsoleSession session, Renderer renderer, List<Map<String, Object>> changes) {
            this.session = session;
            this.renderer = renderer;
            this.changes = changes;
        }
    }
}
