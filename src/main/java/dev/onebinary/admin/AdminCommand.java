package dev.onebinary.admin;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Output;
import dev.onebinary.platform.ProcessMode;
import io.quarkus.arc.Arc;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every command. A command is a plain picocli object (Keycloak's model): Main parses the arguments once,
 * before Quarkus boots, and asks the command what it is ({@link #processType()}) and what it needs started
 * ({@link #boot()}). Commands that need nothing answer there; the others run once the runtime is up and take their
 * services from the container ({@link #service}). The base also owns the output writer and prints results one way.
 */
public abstract class AdminCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    /** Web, worker or admin: an admin process unless the command says otherwise. */
    public ProcessMode.Type processType() {
        return ProcessMode.Type.ADMIN;
    }

    /** What must be started before {@link #run()}: the database, unless the command says otherwise. */
    public ProcessMode.Boot boot() {
        return ProcessMode.Boot.DATABASE;
    }

    /** Recorded in the ledger: every admin run that does something. Commands that only read or print are not. */
    public boolean recorded() {
        return true;
    }

    /** The exit codes this command can end with, listed in its help. */
    public int[] exitCodes() {
        return new int[] {ExitCode.OK, ExitCode.FAILED, ExitCode.USAGE, ExitCode.UNAVAILABLE};
    }

    /** Why the run was started, recorded with it (the console asks for one). */
    public Optional<String> reason() {
        return Optional.empty();
    }

    @Override
    public final Integer call() throws Exception {
        return run();
    }

    /** The command's work; returns its exit code ({@code ExitCode}). Failures are reported by Cli, in one line. */
    protected abstract int run() throws Exception;

    /** The name the ledger and the first log line know the command by: {@code migrate}, {@code migrate status}. */
    public final String commandName() {
        return spec.qualifiedName(" ").replaceFirst("^app ?", "");
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints a result: JSON of {@code value} for {@code --output json}, else what {@code text} writes. */
    protected void print(OutputOption output, Object value, Consumer<PrintWriter> text) {
        PrintWriter out = out();
        if (output.json()) {
            Output.json(out, value);
        } else {
            text.accept(out);
            out.flush();
        }
    }

    /** A service of the running application; only once Quarkus has booted (never for {@link ProcessMode.Boot#NONE}). */
    protected static <T> T service(Class<T> type) {
        return Arc.container().instance(type).get();
    }
}
