package dev.onebinary.admin;

import dev.onebinary.domain.DatabaseInfo;
import dev.onebinary.platform.DatabaseFailures;
import dev.onebinary.platform.ExitCode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code app db-check}: can this release reach its database? Exit 3 when it cannot. */
@Unrecorded
@Command(
        name = "db-check",
        mixinStandardHelpOptions = true,
        description = "Check that the database is reachable (exit 3 when it is not).")
public class DbCheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final DatabaseInfo database;

    DbCheckCommand(DatabaseInfo database) {
        this.database = database;
    }

    @Override
    public Integer call() {
        DatabaseInfo.Server server = database.server();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "database reachable: %s at %s as %s (%d ms)%n",
                server.version(), DatabaseFailures.target(), server.user(), server.millis());
        out.flush();
        return ExitCode.OK;
    }
}
