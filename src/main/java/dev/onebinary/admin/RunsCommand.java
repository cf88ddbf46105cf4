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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code app runs}: the ledger, newest first: which release ran what, with which arguments, and how it ended. */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = "List recent admin runs from the ledger: release, arguments, host, user, outcome, summary.")
public class RunsCommand extends AdminCommand {

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

    @Mixin
    OutputOption output;

    private int limit;

    @Override
    public boolean recorded() {
        return false;
    }

    @Override
    protected int run() {
        List<AdminRun> runs = service(Ledger.class).recent(command, limit);
        print(output, runs, out -> table(out, runs));
        return ExitCode.OK;
    }

    private static void table(PrintWriter out, List<AdminRun> runs) {
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
                    r.error() != null ? r.error() : r.summary().isEmpty() ? null : Output.compact(r.summary()));
        }
        table.print(out);
    }

    private static String took(Duration d) {
        return d.toMillis() < 10_000 ? d.toMillis() + "ms" : d.toSeconds() + "s";
    }
}
