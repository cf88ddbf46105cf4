package dev.onebinary.admin;

import dev.onebinary.platform.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code app tasks}: the one-off tasks this release ships, with their descriptions; answered before Quarkus boots. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "List the one-off data tasks of this release.")
public class TasksCommand extends BeforeBootCommand {

    @Override
    protected int run() {
        Table table = new Table("TASK", "DESCRIPTION");
        for (CommandLine sub : Cli.tasks(Cli.model()).values()) {
            table.row(
                    sub.getCommandName(),
                    String.join(" ", sub.getCommandSpec().usageMessage().description()));
        }
        table.print(out());
        out().println(
                        "Shared options: --dry-run --batch-size N --restart --wait DURATION --limit N --max-duration DURATION"
                                + " --throttle DURATION --shard I/N --output text|json (see 'app <task> --help').");
        out().flush();
        return ExitCode.OK;
    }
}
