package dev.onebinary.admin;

import dev.onebinary.domain.ledger.Ledger;
import dev.onebinary.domain.ledger.RunReport;
import dev.onebinary.platform.AppException;
import dev.onebinary.platform.DatabaseFailures;
import dev.onebinary.platform.ExitCode;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The picocli command line of the application: every failure ends as one line and a named exit code, and every
 * admin run is recorded in the ledger.
 */
@ApplicationScoped
public class Cli {

    private final CommandLine.IFactory factory;
    private final Ledger ledger;
    private final RunReport report;

    Cli(CommandLine.IFactory factory, Ledger ledger, RunReport report) {
        this.factory = factory;
        this.ledger = ledger;
        this.report = report;
    }

    /** The command line that runs: parses, records the run in the ledger, maps failures to exit codes. */
    public CommandLine commandLine() {
        return parser(factory).setExecutionStrategy(new RecordedExecution(ledger, report));
    }

    /** The command line model alone, for parsing without running (the manifest checks use it). */
    public static CommandLine parser(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(AppCommand.class, factory);
        cli.setParameterExceptionHandler(Cli::usageError);
        cli.setExecutionExceptionHandler(Cli::executionError);
        return cli;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
        err.flush();
        return ExitCode.USAGE;
    }

    private static int executionError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        int code = exitCodeOf(e);
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + messageOf(e));
        err.flush();
        Log.debugf(e, "%s ended with exit code %d", cmd.getCommandSpec().qualifiedName(), code);
        return code;
    }

    /** The exit code a failure ends the process with. */
    static int exitCodeOf(Throwable e) {
        if (e instanceof AppException app) {
            return app.exitCode();
        }
        return DatabaseFailures.isUnavailable(e) ? ExitCode.UNAVAILABLE : ExitCode.FAILED;
    }

    /** The one line a failure is reported with: never a stack trace, a class name or a password. */
    static String messageOf(Throwable e) {
        if (e instanceof AppException app) {
            return app.getMessage();
        }
        return DatabaseFailures.isUnavailable(e) ? DatabaseFailures.describe(e) : "failed: " + oneLine(e);
    }

    /** The innermost message of a failure, on one line. */
    public static String oneLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
