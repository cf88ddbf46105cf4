package dev.onebinary.admin;

import dev.onebinary.maintenance.FixBadRecords;
import dev.onebinary.maintenance.ImportRecords;
import dev.onebinary.maintenance.PurgeRecords;
import dev.onebinary.maintenance.RedactPayloadField;
import java.util.List;
import picocli.CommandLine.Command;

/** The top command {@code app}: without a subcommand it is the web process. */
@Command(
        name = "app",
        mixinStandardHelpOptions = true,
        versionProvider = ReleaseVersionProvider.class,
        description = "One release, every process: serves HTTP by default; a subcommand runs a one-off admin process.")
public class AppCommand extends WebProcessCommand {

    /**
     * The subcommands, in the order help lists them. Added to the model by {@link Cli} rather than declared in the
     * annotation, so a command line that names one of them builds the model of that one only.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            ServeCommand.class,
            VersionCommand.class,
            ConfigCommand.class,
            DbCheckCommand.class,
            MigrateCommand.class,
            RunsCommand.class,
            StatusCommand.class,
            WorkerCommand.class,
            TasksCommand.class,
            FixBadRecords.class,
            PurgeRecords.class,
            RedactPayloadField.class,
            ImportRecords.class,
            ConsoleCommand.class,
            CompletionCommand.class,
            JobCommand.class);
}
