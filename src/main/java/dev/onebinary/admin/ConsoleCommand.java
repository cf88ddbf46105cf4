package dev.onebinary.admin;

import dev.onebinary.console.Console;
import dev.onebinary.console.Renderer;
import dev.onebinary.platform.Durations;
import dev.onebinary.platform.OptionBounds;
import dev.onebinary.platform.ProcessMode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code app console}: a one-off console into live data, read-only unless asked. */
@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        description = "Query live data in JPQL or SQL; read-only (enforced by PostgreSQL) unless --write.")
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

    private int maxRows = 1000;

    @Override
    public ProcessMode.Boot boot() {
        return ProcessMode.Boot.ORM;
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
        if (statementTimeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--statement-timeout must be more than 0");
        }
        return service(Console.class)
                .run(
                        new Console.Options(write, statementTimeout, maxRows, commands, output, sql),
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr());
    }
}
