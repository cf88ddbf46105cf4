package dev.onebinary.console;

import dev.onebinary.domain.ledger.StatementLog.Ending;
import jakarta.persistence.metamodel.EntityType;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** One line of console input: a backslash command, or a statement for the session; prints what it gave. */
final class LineHandler {

    static final String HELP = """
            Statements: JPQL over the entities (select r from RecordEntity r where r.status = 'invalid'),
            or SQL after \\sql. One statement per line.
              \\sql, \\jpql       switch the query language
              \\d [NAME]         list entities and tables, or describe one
              \\timing           show how long each statement took
              \\commit, \\rollback end the transaction (--write only; a bare COMMIT or ROLLBACK does the same)
              \\q                quit (an open transaction is rolled back)
            Ctrl-C cancels the running statement.""";

    private final ConsoleSession session;
    private final Renderer renderer;
    private final Supplier<List<EntityType<?>>> entities;
    private ConsoleSession.Language language;
    private boolean timing;

    LineHandler(
            ConsoleSession session,
            Renderer renderer,
            Supplier<List<EntityType<?>>> entities,
            ConsoleSession.Language language) {
        this.session = session;
        this.renderer = renderer;
        this.entities = entities;
        this.language = language;
    }

    ConsoleSession.Language language() {
        return language;
    }

    /** Handles one line; false when the console should end. Throws {@link ConsoleSession.StatementFailed}. */
    boolean handle(String raw, PrintWriter out) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("--")) {
            return true;
        }
        if (line.startsWith("\\")) {
            return meta(line, out);
        }
        String statement =
                line.endsWith(";") ? line.substring(0, line.length() - 1).strip() : line;
        Result result = session.execute(statement, language);
        if (result != null) {
            renderer.print(out, result, timing);
        }
        return true;
    }

    private boolean meta(String line, PrintWriter out) {
        String[] words = line.split("\\s+", 2);
        switch (words[0]) {
            case "\\q", "\\quit" -> {
                return false;
            }
            case "\\sql" -> language = ConsoleSession.Language.SQL;
            case "\\jpql" -> language = ConsoleSession.Language.JPQL;
            case "\\timing" -> {
                timing = !timing;
                out.println("Timing is " + (timing ? "on." : "off."));
            }
            case "\\commit", "\\rollback" -> {
                if (!session.writable()) {
                    out.println("Nothing to " + words[0].substring(1) + ": the console is read-only.");
                } else {
                    WriteTransaction.Settled settled =
                            words[0].equals("\\commit") ? session.commit() : session.rollback();
                    if (settled.failed()) {
                        throw new ConsoleSession.StatementFailed(Ending.ERROR, settled.message());
                    }
                    out.println(settled.message());
                }
            }
            case "\\d" -> describe(words.length > 1 ? words[1].strip() : null, out);
            case "\\?", "\\help", "\\h" -> out.println(HELP);
            default ->
                throw new ConsoleSession.StatementFailed(
                        Ending.ERROR, "unknown command " + words[0] + " (\\? lists the commands)");
        }
        out.flush();
        return true;
    }

    private void describe(String name, PrintWriter out) {
        if (name == null) {
            List<List<Object>> rows = new ArrayList<>();
            for (EntityType<?> e : entities.get()) {
                rows.add(List.of("entity", e.getName(), e.getJavaType().getSimpleName()));
            }
            renderer.print(out, Result.rows(List.of("kind", "name", "java type"), rows, false, 0), false);
            renderer.print(
                    out,
                    session.execute(
                            "SELECT c.relname AS table, c.reltuples::bigint AS estimated_rows FROM pg_class c"
                                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname ="
                                    + " current_schema() AND c.relkind IN ('r', 'p', 'v') ORDER BY 1",
                            ConsoleSession.Language.SQL),
                    false);
            return;
        }
        for (EntityType<?> e : entities.get()) {
            if (e.getName().equalsIgnoreCase(name)) {
                List<List<Object>> rows = new ArrayList<>();
                e.getAttributes().stream()
                        .sorted(Comparator.comparing(a -> a.getName()))
                        .forEach(a ->
                                rows.add(List.of(a.getName(), a.getJavaType().getSimpleName())));
                renderer.print(out, Result.rows(List.of("attribute", "java type"), rows, false, 0), false);
                return;
            }
        }
        Result columns = session.execute(
                "SELECT column_name AS column, data_type AS type, is_nullable AS nullable, column_default AS default"
                        + " FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '"
                        + name.replace("'", "''") + "' ORDER BY ordinal_position",
                ConsoleSession.Language.SQL);
        if (columns.rows().isEmpty()) {
            throw new ConsoleSession.StatementFailed(
                    Ending.ERROR, "no entity or table named " + name.toLowerCase(Locale.ROOT));
        }
        renderer.print(out, columns, false);
    }
}
