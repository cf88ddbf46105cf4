package dev.onebinary.admin;

import dev.onebinary.platform.AppException;
import dev.onebinary.platform.DatabaseFailures;
import dev.onebinary.platform.ExitCode;
import io.quarkus.logging.Log;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Builds the picocli command line of the application and turns every failure into one line and an exit code. */
public final class Cli {

    private Cli() {}

    public static CommandLine create(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(AppCommand.class, factory);
        cli.setParameterExceptionHandler(Cli::usageError);
        cli.setExecutionExceptionHandler(Cli::executionError);
        return cli;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see '"
                + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCode.USAGE;
    }

    private static int executionError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String name = cmd.getCommandSpec().qualifiedName();
        PrintWriter err = cmd.getErr();
        int code;
        if (e instanceof AppException app) {
            code = app.exitCode();
            err.println(name + ": " + app.getMessage());
        } else if (DatabaseFailures.isUnavailable(e)) {
            code = ExitCode.UNAVAILABLE;
            err.println(name + ": " + DatabaseFailures.describe(e));
        } else {
            code = ExitCode.FAILED;
            err.println(name + ": failed: " + oneLine(e));
        }
        err.flush();
        Log.debugf(e, "%s ended with exit code %d", name, code);
        return code;
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
