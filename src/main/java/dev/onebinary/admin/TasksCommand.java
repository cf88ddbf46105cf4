package dev.onebinary.admin;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.tasks.TaskCommand;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code app tasks}: the one-off tasks this release ships, with their descriptions. */
@Unrecorded
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "List the one-off data tasks of this release.")
public class TasksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Table table = new Table("TASK", "DESCRIPTION");
        for (CommandLine sub : spec.parent().subcommands().values()) {
            if (sub.getCommandSpec().userObject() instanceof TaskCommand) {
                table.row(
                        sub.getCommandName(),
                        String.join(" ", sub.getCommandSpec().usageMessage().description()));
            }
        }
        table.print(out);
        out.println(
                "Shared options: --dry-run --batch-size N --restart --wait DURATION --limit N --max-duration DURATION"
                        + " --throttle DURATION --shard I/N --output text|json (see 'app <task> --help').");
        out.flush();
        return ExitCode.OK;
    }
}
