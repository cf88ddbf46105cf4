package dev.onebinary.admin;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Failures;
import dev.onebinary.platform.ProcessMode;
import dev.onebinary.tasks.Task;
import io.quarkus.logging.Log;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        CommandLine app = top();
        AppCommand.SUBCOMMANDS.forEach(sub -> app.addSubcommand(command(sub)));
        return Help.decorate(app);
    }

    /**
     * The model a command line needs: with no arguments the top command alone (the web process); when the first
     * argument names a subcommand, the top command with that one only; otherwise (help, an option first, an
     * {@code @argfile}, a mistyped name) every command. Building the model reads the annotations of every class in it,
     * and the whole model of sixteen commands and their mixins was most of what {@code app version} cost in the
     * native executable (perf: picocli and reflection), so a process builds what it parses.
     */
    static CommandLine model(String... args) {
        if (args.length == 0) {
            return Help.decorate(top());
        }
        for (Class<?> sub : AppCommand.SUBCOMMANDS) {
            if (sub.getAnnotation(CommandLine.Command.class).name().equals(args[0])) {
                CommandLine app = top();
                app.addSubcommand(command(sub));
                return Help.decorate(app);
            }
        }
        return model();
    }

    private static CommandLine top() {
        return command(AppCommand.class);
    }

    private static CommandLine command(Class<?> type) {
        return new CommandLine(type, CommandLine.defaultFactory());
    }

    /**
     * The one-off tasks of this release by name, in the order of the model: every command that is a {@link Task}. The
     * one registry {@code app tasks}, {@code app job} and help read; a new task only has to be a subcommand.
     */
    public static Map<String, CommandLine> tasks(CommandLine app) {
        Map<String, CommandLine> tasks = new LinkedHashMap<>();
        app.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().userObject() instanceof Task && name.equals(sub.getCommandName())) {
                tasks.put(name, sub);
            }
        });
        return tasks;
    }

    /** Parses the arguments ({@code @argfile}s expanded); a usage error is kept to be reported. */
    public static Cli parse(String... args) {
        return parse(model(args), args);
    }

    /** As {@link #parse(String...)}, writing to {@code out} and {@code err}: tests run commands in-process. */
    public static Cli parse(PrintWriter out, PrintWriter err, String... args) {
        CommandLine model = model(args);
        model.setOut(out);
        model.setErr(err);
        return parse(model, args);
    }

    private static Cli parse(CommandLine model, String... args) {
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
