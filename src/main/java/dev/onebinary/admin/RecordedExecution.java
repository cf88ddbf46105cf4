package dev.onebinary.admin;

import dev.onebinary.domain.ledger.Ledger;
import dev.onebinary.domain.ledger.Outcome;
import dev.onebinary.domain.ledger.RunReport;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Failures;
import dev.onebinary.platform.Release;
import dev.onebinary.platform.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The one mechanism that records every admin run in the ledger: it writes the run's row before the command starts (so
 * a run whose process dies stays visible as running) and completes it with the outcome, exit code, summary and error
 * when it ends, whatever way it ends.
 */
@ApplicationScoped
class RecordedExecution {

    private final Ledger ledger;
    private final RunReport report;

    RecordedExecution(Ledger ledger, RunReport report) {
        this.ledger = ledger;
        this.report = report;
    }

    /** Runs the command inside its ledger row; {@code arguments} are the expanded command line. */
    int execute(AdminCommand command, List<String> arguments) throws Exception {
        Ledger.Start start = new Ledger.Start(
                command.commandName(),
                Secrets.maskArguments(arguments.stream().skip(1).toArray(String[]::new)),
                Release.current().id(),
                host(),
                System.getProperty("user.name", "unknown"),
                Instant.now(),
                command.reason().orElse(null));
        Optional<Long> id = ledger.start(start);
        report.runId(id.orElse(null));
        try {
            int exitCode = command.call();
            ledger.finish(id, start, finish(exitCode, null));
            return exitCode;
        } catch (CommandLine.ParameterException e) {
            // A usage error found while running (an option checked against the environment): exit 2, recorded.
            ledger.finish(id, start, finish(ExitCode.USAGE, Secrets.maskInText(e.getMessage())));
            throw e;
        } catch (Exception | Error e) {
            Failures.Failure failure = Failures.of(e);
            try {
                ledger.finish(id, start, finish(failure.exitCode(), failure.message()));
            } catch (RuntimeException unrecorded) {
                // The database that failed the command may refuse the ledger too; the command's failure is what to
                // report.
                e.addSuppressed(unrecorded);
            }
            throw e;
        }
    }

    private Ledger.Finish finish(int exitCode, String error) {
        return new Ledger.Finish(
                Outcome.of(exitCode, report.isDryRun()),
                exitCode,
                report.shard(),
                report.summary(),
                report.context(),
                error);
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
