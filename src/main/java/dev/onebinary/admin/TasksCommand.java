package dev.onebinary.admin;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.ProcessMode;
import dev.onebinary.tasks.Task;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code app tasks}: the one-off tasks this release ships, with their descriptions; answered before Quarkus boots. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "List the one-off data tasks of this release.")
public class TasksCommand extends AdminCommand {

    @Override
    public ProcessMode.Boot boot() {
        return ProcessMode.Boot.NONE;
    }

    @Override
    public int[] exitCodes() {
        return new int[] {ExitCode.OK, ExitCode.USAGE};
    }

    @Override
    public boolean recorded() {
        return false;
    }

    @Override
    protected int run() {
        Table table = new Table("TASK", "DESCRIPTION");
        for (CommandLine sub : spec.parent().subcommands().values()) {
            if (sub.getCommandSpec().userObject() instanceof Task) {
                table.row(
                        sub.getCommandName(),
                        String.join(" ", sub.getCommandSpec().usageMessage().description()));
            }
        }
        table.print(out());
        out().println(
                        "Shared options: --dry-run --batch-size N --restart --wait DURATION --limit N --max-duration DURATION"
                                + " --throttle DURATION --shard I/N --output text|json (see 'app <task> --help').");
        out().flush();
        return ExitCode.OK;
    }
}
