package dev.onebinary.admin;

import dev.onebinary.domain.ledger.AdminRun;
import dev.onebinary.domain.ledger.Ledger;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.OptionBounds;
import dev.onebinary.platform.Output;
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

    @Spec
    CommandSpec spec;

    private int limit;
    private final Ledger ledger;
    private final Output output;

    RunsCommand(Ledger ledger, Output output) {
        this.ledger = ledger;
        this.output = output;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
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
                    String.join(" ", r.arguments()),
                    r.error() != null ? r.error() : r.summary().isEmpty() ? null : output.compact(r.summary()));
        }
        table.print(out);
        return ExitCode.OK;
    }

    private static String took(Duration d) {
        return d.toMillis() < 10_000 ? d.toMillis() + "ms" : d.toSeconds() + "s";
    }
}
