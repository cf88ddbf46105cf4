package dev.onebinary.admin;

import dev.onebinary.platform.ExitCode;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import io.quarkus.runtime.Quarkus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The top command {@code app}: without a subcommand it is the web process. */
@TopCommand
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
            ConsoleCommand.class,
            JobCommand.class
        })
public class AppCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return serve();
    }

    /** Serves HTTP until the process is asked to stop (SIGTERM, SIGINT). */
    static int serve() {
        Quarkus.waitForExit();
        return ExitCode.OK;
    }
}
