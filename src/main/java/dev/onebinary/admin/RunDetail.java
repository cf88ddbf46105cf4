package dev.onebinary.admin;

import dev.onebinary.domain.ledger.AdminRun;
import dev.onebinary.domain.ledger.StatementLog;
import dev.onebinary.platform.Output;
import dev.onebinary.platform.Secrets;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One run of the ledger in full ({@code app runs --id N}): who ran what and why, how it ended, its whole summary and,
 * for a console session, every statement in order with how it ended and what became of its transaction. Arguments
 * and statements are masked again on the way out, for rows an earlier release stored unmasked.
 */
@RegisterForReflection
public record RunDetail(AdminRun run, List<StatementLog.Entry> statements) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSXXX");

    public RunDetail {
        run = new AdminRun(
                run.id(),
                run.command(),
                run.arguments().stream().map(Secrets::maskSql).toList(),
                run.release(),
                run.host(),
                run.osUser(),
                run.shard(),
                run.startedAt(),
                run.finishedAt(),
                run.outcome(),
                run.exitCode(),
                run.summary(),
                Secrets.maskSql(run.error()),
                Secrets.maskSql(run.reason()),
                run.context(),
                run.heartbeatAt());
        statements = statements.stream()
                .map(s -> new StatementLog.Entry(
                        s.seq(),
                        s.language(),
                        Secrets.maskSql(s.statement()),
                        s.startedAt(),
                        s.durationMs(),
                        s.rowsReturned(),
                        s.rowsChanged(),
                        s.outcome(),
                        s.transaction(),
                        Secrets.maskSql(s.error())))
                .toList();
    }

    void print(PrintWriter out) {
        out.println("run " + run.id() + ": " + run.command() + " " + String.join(" ", run.arguments()));
        Facts facts = new Facts();
        facts.row("outcome", run.outcome() + (run.exitCode() == null ? "" : " (exit " + run.exitCode() + ")"));
        facts.row("started", TIME.format(run.startedAt()));
        facts.row(
                "finished",
                run.finishedAt() == null
                        ? null
                        : TIME.format(run.finishedAt()) + " (took "
                                + Duration.between(run.startedAt(), run.finishedAt())
                                        .toMillis() + " ms)");
        facts.row("release", run.release());
        facts.row("host", run.host());
        facts.row("user", run.osUser());
        facts.row("shard", run.shard());
        facts.row("reason", run.reason());
        facts.row("summary", run.summary().isEmpty() ? null : Output.compact(run.summary()));
        facts.row("error", run.error());
        facts.lines.forEach(out::println);
        if (statements.isEmpty()) {
            out.flush();
            return;
        }
        out.println();
        Table table = new Table(
                "SEQ", "STARTED", "LANG", "OUTCOME", "TOOK", "ROWS", "CHANGED", "TRANSACTION", "STATEMENT / ERROR");
        for (StatementLog.Entry s : statements) {
            table.row(
                    s.seq(),
                    s.startedAt() == null ? null : TIME.format(s.startedAt()),
                    s.language(),
                    s.outcome(),
                    s.durationMs() == null ? null : s.durationMs() + "ms",
                    s.rowsReturned(),
                    s.rowsChanged(),
                    s.transaction(),
                    oneLine(s.statement()) + (s.error() == null ? "" : "  -- " + oneLine(s.error())));
        }
        table.print(out);
    }

    /** Label and value lines; a missing value is {@code -}. */
    private static final class Facts {
        final List<String> lines = new java.util.ArrayList<>();

        void row(String label, Object value) {
            lines.add(String.format("  %-9s %s", label, value == null ? "-" : value));
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }
}
