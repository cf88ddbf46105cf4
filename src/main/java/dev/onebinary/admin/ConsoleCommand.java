package dev.onebinary.admin;

import dev.onebinary.console.Console;
import dev.onebinary.console.Renderer;
import dev.onebinary.platform.Durations;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.OptionBounds;
import dev.onebinary.platform.ProcessMode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code app console}: a one-off console into live data, read-only unless asked. */
@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        description =
                "Query live data in JPQL or SQL; read-only (enforced by PostgreSQL) unless --write. Every statement"
                        + " is recorded in the ledger (app runs --id N).")
public class ConsoleCommand extends AdminCommand {

    @Option(names = "--write", description = "Allow writes, inside a transaction you end with \\commit or \\rollback.")
    boolean write;

    @Option(
            names = {"-c", "--command"},
            paramLabel = "STATEMENT",
            description = "Run this statement (repeatable) and exit: 0, or 1 at the first error.")
    List<String> commands = new ArrayList<>();

    @Option(names = "--sql", description = "Start in SQL instead of JPQL.")
    boolean sql;

    @Option(
            names = "--statement-timeout",
            paramLabel = "DURATION",
            converter = Durations.class,
            defaultValue = "30s",
            description = "Cancel a statement that runs longer (default: ${DEFAULT-VALUE}).")
    Duration statementTimeout;

    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    Renderer.Format output;

    @Mixin
    ReleaseDriftOption releaseDrift;

    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            description = "Why the console is opened, recorded on the run (required when app.console.require-reason).")
    String reason;

    @Option(
            names = "--print-role-sql",
            description = "Print the SQL that creates the read-only role the console should connect as, and exit.")
    boolean printRoleSql;

    private int maxRows = 1000;

    @Override
    public boolean changesData() {
        return write;
    }

    @Override
    public ProcessMode.Boot boot() {
        return printRoleSql ? ProcessMode.Boot.CONFIG : ProcessMode.Boot.ORM;
    }

    /** Printing the role's SQL does nothing to record; a console session is recorded statement by statement. */
    @Override
    public boolean recorded() {
        return !printRoleSql;
    }

    @Override
    public int[] exitCodes() {
        return new int[] {
            ExitCode.OK,
            ExitCode.FAILED,
            ExitCode.USAGE,
            ExitCode.UNAVAILABLE,
            ExitCode.SCHEMA_BEHIND,
            ExitCode.RELEASE_DRIFT,
            ExitCode.SIGHUP,
            ExitCode.SIGINT,
            ExitCode.SIGTERM
        };
    }

    @Override
    public Optional<String> reason() {
        return Optional.ofNullable(reason).map(String::strip).filter(r -> !r.isEmpty());
    }

    @Option(
            names = "--max-rows",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Show at most N rows of a result (default: ${DEFAULT-VALUE}).")
    void maxRows(int n) {
        maxRows = (int) OptionBounds.atLeast(spec, "--max-rows", n, 1);
    }

    @Override
    protected int run() throws IOException {
        if (printRoleSql) {
            out().print(Console.readerRoleSql());
            out().flush();
            return ExitCode.OK;
        }
        if (statementTimeout.isZero() || statementTimeout.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--statement-timeout must be more than 0");
        }
        Console console = service(Console.class);
        if (console.requiresReason() && reason().isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--reason is required: say why you open a console (app.console.require-reason)");
        }
        return console.run(
                new Console.Options(write, statementTimeout, maxRows, commands, output, sql),
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
