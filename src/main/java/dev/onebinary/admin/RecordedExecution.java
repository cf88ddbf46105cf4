package dev.onebinary.admin;

import dev.onebinary.domain.ledger.Ledger;
import dev.onebinary.domain.ledger.Outcome;
import dev.onebinary.domain.ledger.RunReport;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Release;
import dev.onebinary.platform.Secrets;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The one mechanism that records every admin run in the ledger: it wraps the execution of the chosen subcommand,
 * writes the run's row before it starts (so a run whose process dies stays visible as running) and completes it
 * with the outcome, exit code, summary and error when it ends.
 */
final class RecordedExecution implements CommandLine.IExecutionStrategy {

    private final Ledger ledger;
    private final RunReport report;
    private final CommandLine.IExecutionStrategy delegate = new CommandLine.RunLast();

    RecordedExecution(Ledger ledger, RunReport report) {
        this.ledger = ledger;
        this.report = report;
    }

    @Override
    public int execute(ParseResult parseResult) {
        List<CommandLine> chain = parseResult.asCommandLineList();
        CommandLine leaf = chain.getLast();
        if (chain.size() == 1
                || leaf.getCommandSpec().userObject().getClass().isAnnotationPresent(Unrecorded.class)
                || helpRequested(parseResult)) {
            return delegate.execute(parseResult);
        }
        Ledger.Start start = new Ledger.Start(
                commandName(leaf),
                Secrets.maskArguments(
                        parseResult.originalArgs().stream().skip(1).toArray(String[]::new)),
                Release.current().id(),
                host(),
                System.getProperty("user.name", "unknown"),
                Instant.now());
        Optional<Long> id;
        try {
            id = ledger.start(start);
            report.runId(id.orElse(null));
        } catch (RuntimeException e) {
            throw new CommandLine.ExecutionException(leaf, "cannot record the run", e);
        }
        try {
            int exitCode = delegate.execute(parseResult);
            ledger.finish(id, start, finish(exitCode, null));
            return exitCode;
        } catch (CommandLine.ParameterException e) {
            // A usage error found while running (an option checked against the environment): exit 2, recorded.
            ledger.finish(id, start, finish(ExitCode.USAGE, e.getMessage()));
            throw e;
        } catch (CommandLine.ExecutionException e) {
            Throwable failure = e.getCause() == null ? e : e.getCause();
            ledger.finish(id, start, finish(Cli.exitCodeOf(failure), Cli.messageOf(failure)));
            throw e;
        }
    }

    private Ledger.Finish finish(int exitCode, String error) {
        return new Ledger.Finish(
                Outcome.of(exitCode, report.isDryRun()), exitCode, report.shard(), report.summary(), error);
    }

    private static boolean helpRequested(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return true;
            }
        }
        return false;
    }

    /** {@code migrate}, or {@code migrate status} for nested subcommands. */
    private static String commandName(CommandLine leaf) {
        return leaf.getCommandSpec().qualifiedName(" ").replaceFirst("^app ", "");
    }

    /** The pod name on Kubernetes (POD_NAME from the downward API, else HOSTNAME), else the machine's name. */
    static String host() {
        for (String variable : List.of("POD_NAME", "HOSTNAME")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
