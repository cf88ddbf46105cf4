package dev.onebinary.admin;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.ProcessMode;
import dev.onebinary.tasks.Task;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How help reads: the top level lists the commands by what they are (the processes, admin commands, tasks) and ends
 * with examples; every command's help ends with the exit codes it can return.
 */
final class Help {

    private static final String EXAMPLES = """

            Examples:
              app                             serve HTTP: the web process
              app migrate --check             exit 5 while migrations are pending
              app fix-bad-records --dry-run   what a fix would change; changes nothing
              app console --reason "INC-42"   a read-only console into live data
              app runs --command migrate      who ran what, on which release, how
            """;

    private Help() {}

    /** Decorates the model: grouped command list and examples at the top, exit codes on every command. */
    static CommandLine decorate(CommandLine app) {
        app.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "");
        app.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Help::groupedCommands);
        app.getCommandSpec().usageMessage().footer(EXAMPLES);
        exitCodes(app);
        return app;
    }

    private static void exitCodes(CommandLine command) {
        if (command.getCommandSpec().userObject() instanceof AdminCommand admin) {
            Map<String, String> codes = new LinkedHashMap<>();
            for (int code : admin.exitCodes()) {
                codes.put(String.format("%3d", code), ExitCode.describe(code));
            }
            command.getCommandSpec()
                    .usageMessage()
                    .exitCodeListHeading("%nExit codes:%n")
                    .exitCodeList(codes);
        }
        command.getSubcommands().values().forEach(Help::exitCodes);
    }

    private static String groupedCommands(CommandLine.Help help) {
        return section(help, "Processes:", c -> c.processType() != ProcessMode.Type.ADMIN)
                + section(
                        help, "Admin commands:", c -> c.processType() == ProcessMode.Type.ADMIN && !(c instanceof Task))
                + section(help, "Tasks (one-off data changes; shared options: app tasks):", c -> c instanceof Task);
    }

    private static String section(CommandLine.Help help, String heading, Predicate<AdminCommand> which) {
        Map<String, CommandLine.Help> chosen = new LinkedHashMap<>();
        help.subcommands().forEach((name, sub) -> {
            if (sub.commandSpec().userObject() instanceof AdminCommand c && which.test(c)) {
                chosen.put(name, sub);
            }
        });
        return chosen.isEmpty() ? "" : String.format("%n%s%n", heading) + help.commandList(chosen);
    }
}
