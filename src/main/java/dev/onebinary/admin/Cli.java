package dev.onebinary.admin;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Failures;
import dev.onebinary.platform.ProcessMode;
import io.quarkus.logging.Log;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The command line of the application, parsed once: Main parses the arguments before Quarkus boots, decides the
 * process from the chosen command, answers what needs no runtime, and runs the rest after boot with the ledger. Every
 * failure ends as one line on stderr and a named exit code ({@link Failures}).
 */
public final class Cli {

    private final CommandLine commandLine;
    private final ParseResult parsed;
    private final ParameterException usageError;

    private Cli(CommandLine commandLine, ParseResult parsed, ParameterException usageError) {
        this.commandLine = commandLine;
        this.parsed = parsed;
        this.usageError = usageError;
    }

    /** The picocli model of every command; plain objects, so it can be built and parsed before Quarkus boots. */
    public static CommandLine model() {
        return Help.decorate(new CommandLine(AppCommand.class, CommandLine.defaultFactory()));
    }

    /** Parses the arguments ({@code @argfile}s expanded); a usage error is kept to be reported. */
    public static Cli parse(String... args) {
        CommandLine model = model();
        try {
            return new Cli(model, model.parseArgs(args), null);
        } catch (ParameterException e) {
            return new Cli(model, null, e);
        }
    }

    /** The process this command line asks for; a usage error or a help request needs nothing started. */
    public ProcessMode mode() {
        if (usageError != null || helpRequested()) {
            return new ProcessMode(ProcessMode.Type.ADMIN, "help", ProcessMode.Boot.NONE);
        }
        AdminCommand leaf = leaf();
        String name = leaf.processType() == ProcessMode.Type.ADMIN
                ? leaf.commandName().split(" ")[0]
                : leaf.commandName();
        return new ProcessMode(leaf.processType(), name, leaf.boot());
    }

    /**
     * Answers what needs no runtime (a usage error, help, version, or a command whose boot is NONE) and returns its exit
     * code; empty when the application must boot first.
     */
    public Optional<Integer> answerBeforeBoot() {
        return mode().boot() == ProcessMode.Boot.NONE ? Optional.of(execute()) : Optional.empty();
    }

    /** Runs the command: in the running application, recorded in the ledger when the command is recorded. */
    public int execute() {
        if (usageError != null) {
            return usage(usageError);
        }
        try {
            if (CommandLine.printHelpIfRequested(parsed)) {
                return ExitCode.OK;
            }
            AdminCommand leaf = leaf();
            if (leaf.recorded() && leaf.boot() != ProcessMode.Boot.NONE) {
                return AdminCommand.service(RecordedExecution.class).execute(leaf, expandedArguments());
            }
            return leaf.call();
        } catch (ParameterException e) {
            return usage(e);
        } catch (Exception e) {
            return failure(e);
        }
    }

    /** The command that runs: the last one named on the command line. */
    AdminCommand leaf() {
        List<CommandLine> chain = parsed.asCommandLineList();
        return (AdminCommand) chain.getLast().getCommandSpec().userObject();
    }

    /** The arguments after {@code @argfile} expansion, without the program name. */
    private List<String> expandedArguments() {
        return parsed.expandedArgs();
    }

    private boolean helpRequested() {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return true;
            }
        }
        return false;
    }

    private int usage(ParameterException e) {
        CommandLine cmd = e.getCommandLine() == null ? commandLine : e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        PrintWriter err = cmd.getErr();
        err.println(name + ": " + Failures.of(e).message() + " (see '" + name + " --help')");
        err.flush();
        return ExitCode.USAGE;
    }

    private int failure(Exception e) {
        Failures.Failure failure = Failures.of(e);
        CommandLine cmd = parsed.asCommandLineList().getLast();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + failure.message());
        err.flush();
        Log.debugf(e, "%s ended with exit code %d", cmd.getCommandSpec().qualifiedName(), failure.exitCode());
        return failure.exitCode();
    }
}
