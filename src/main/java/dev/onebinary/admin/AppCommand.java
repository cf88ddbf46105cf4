package dev.onebinary.admin;

import dev.onebinary.maintenance.FixBadRecords;
import dev.onebinary.maintenance.PurgeRecords;
import dev.onebinary.maintenance.RedactPayloadField;
import picocli.CommandLine.Command;

/** The top command {@code app}: without a subcommand it is the web process. */
@Command(
        name = "app",
        mixinStandardHelpOptions = true,
        versionProvider = ReleaseVersionProvider.class,
        description = "One release, every process: serves HTTP by default; a subcommand runs a one-off admin process.",
        subcommands = {
            ServeCommand.class,
            VersionCommand.class,
            ConfigCommand.class,
            DbCheckCommand.class,
            MigrateCommand.class,
            RunsCommand.class,
            WorkerCommand.class,
            TasksCommand.class,
            FixBadRecords.class,
            PurgeRecords.class,
            RedactPayloadField.class,
            ConsoleCommand.class,
            CompletionCommand.class
        })
public class AppCommand extends WebProcessCommand {}
