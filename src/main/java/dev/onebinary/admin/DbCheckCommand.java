package dev.onebinary.admin;

import dev.onebinary.domain.DatabaseInfo;
import dev.onebinary.platform.DatabaseFailures;
import dev.onebinary.platform.ExitCode;
import picocli.CommandLine.Command;

/** {@code app db-check}: can this release reach its database? Exit 3 when it cannot. */
@Command(
        name = "db-check",
        mixinStandardHelpOptions = true,
        description = "Check that the database is reachable (exit 3 when it is not).")
public class DbCheckCommand extends AdminCommand {

    @Override
    public boolean recorded() {
        return false;
    }

    @Override
    protected int run() {
        DatabaseInfo.Server server = service(DatabaseInfo.class).server();
        out().printf(
                        "database reachable: %s at %s as %s (%d ms)%n",
                        server.version(), DatabaseFailures.target(), server.user(), server.millis());
        out().flush();
        return ExitCode.OK;
    }
}
