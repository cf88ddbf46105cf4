package dev.onebinary;

import dev.onebinary.admin.Cli;
import dev.onebinary.platform.DatabaseUrl;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.ProcessMode;
import dev.onebinary.platform.Release;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The single entry point of every process: no subcommand (or {@code serve}) is the web process, {@code worker} the
 * worker, anything else a one-off admin process of the same release.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

    private final Cli cli;

    Main(Cli cli) {
        this.cli = cli;
    }

    public static void main(String... args) {
        String databaseUrl = System.getenv(DatabaseUrl.ENV);
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            try {
                DatabaseUrl.parse(databaseUrl);
            } catch (IllegalArgumentException e) {
                System.err.println("app: " + e.getMessage());
                System.exit(ExitCode.UNAVAILABLE);
            }
        }
        ProcessMode.of(args).applyBeforeBoot();
        Quarkus.run(Main.class, Main::exit, args);
    }

    @Override
    public int run(String... args) {
        Log.infof(
                "release=%s process=%s",
                Release.current().id(), ProcessMode.of(args).label());
        return cli.commandLine().execute(args);
    }

    /** Quarkus failed to start (bad configuration, mostly): one line, exit 3, no stack trace. */
    private static void exit(int code, Throwable failure) {
        ProcessMode.clearAfterExit();
        if (failure != null) {
            System.err.println("app: could not start: " + Cli.oneLine(failure));
            ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(ExitCode.UNAVAILABLE, null);
            return;
        }
        ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(code, null);
    }
}
