package dev.onebinary.admin;

import dev.onebinary.domain.ledger.AdminRun;
import dev.onebinary.domain.ledger.Ledger;
import dev.onebinary.domain.ledger.StatementLog;
import dev.onebinary.platform.AppException;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.OptionBounds;
import dev.onebinary.platform.Output;
import dev.onebinary.platform.Secrets;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code app runs}: the ledger, newest first: which release ran what, with which arguments, and how it ended. */
@Unrecorded
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = "List recent admin runs from the ledger: release, arguments, host, user, outcome, summary.")
public class RunsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX");

    @Option(names = "--command", paramLabel = "NAME", description = "Only runs of this command (e.g. migrate).")
    Optional<String> command;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "At most N runs (default: ${DEFAULT-VALUE}).")
    void limit(int limit) {
        this.limit = (int) OptionBounds.between(spec, "--limit", limit, 1, 10_000);
    }

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text or json (default: text).")
    Optional<String> format;

    @Option(
            names = "--id",
            paramLabel = "N",
            description = "One run in full: its reason, summary and, for a console session, every statement.")
    Optional<Long> id;

    @Spec
    CommandSpec spec;

    private int limit;
    private final Ledger ledger;
    private final StatementLog statements;
    private final Output output;

    RunsCommand(Ledger ledger, StatementLog statements, Output output) {
        this.ledger = ledger;
        this.statements = statements;
        this.output = output;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        json |= format.map("json"::equals).orElse(false);
        if (id.isPresent()) {
            AdminRun run = ledger.find(id.get())
                    .orElseThrow(() -> new AppException(ExitCode.FAILED, "no run with id " + id.get()));
            RunDetail detail = new RunDetail(run, ledger.reason(run.id()).orElse(null), statements.of(run.id()));
            if (json) {
                output.json(out, detail);
            } else {
                detail.print(out, output);
            }
            return ExitCode.OK;
        }
        List<AdminRun> runs = ledger.recent(command, limit);
        if (json) {
            output.json(out, runs);
            return ExitCode.OK;
        }
        Table table = new Table(
                "ID", "COMMAND", "OUTCOME", "EXIT", "STARTED", "TOOK", "RELEASE", "HOST", "USER", "ARGS", "SUMMARY");
        for (AdminRun r : runs) {
            table.row(
                    r.id(),
                    r.command(),
                    r.outcome(),
                    r.exitCode(),
                    TIME.format(r.startedAt()),
                    r.finishedAt() == null ? null : took(Duration.between(r.startedAt(), r.finishedAt())),
                    r.release(),
                    r.host(),
                    r.osUser(),
                    Secrets.maskSql(String.join(" ", r.arguments())),
                    r.error() != null ? r.error() : r.summary().isEmpty() ? null : output.compact(r.summary()));
        }
        table.print(out);
        return ExitCode.OK;
    }

    private static String took(Duration d) {
        return d.toMillis() < 10_000 ? d.toMillis() + "ms" : d.toSeconds() + "s";
    }
}
