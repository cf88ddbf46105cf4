package dev.onebinary;

import dev.onebinary.admin.Cli;
import dev.onebinary.platform.DatabaseUrl;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Failures;
import dev.onebinary.platform.ProcessMode;
import dev.onebinary.platform.Release;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Optional;

/**
 * The single entry point of every process. The arguments are parsed once, here, before Quarkus boots: the chosen
 * command says which process this is (no subcommand or {@code serve}: the web process; {@code worker}: the worker;
 * anything else: a one-off admin process of the same release) and what it needs started. Help, usage errors and
 * commands that need no runtime are answered without booting Quarkus at all.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

    /** The command line parsed before boot, run once Quarkus is up. */
    private static volatile Cli parsedBeforeBoot;

    public static void main(String... args) {
        String databaseUrl = System.getenv(DatabaseUrl.ENV);
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            try {
                DatabaseUrl.parse(databaseUrl);
            } catch (IllegalArgumentException e) {
                System.err.println("app: " + e.getMessage());
                exitWithoutBoot(ExitCode.UNAVAILABLE);
                return;
            }
        }
        Cli cli = Cli.parse(args);
        Optional<Integer> answered = cli.answerBeforeBoot();
        if (answered.isPresent()) {
            exitWithoutBoot(answered.get());
            return;
        }
        cli.mode().applyBeforeBoot();
        parsedBeforeBoot = cli;
        Quarkus.run(Main.class, Main::exit, args);
    }

    @Override
    public int run(String... args) {
        // Dev mode (quarkus:dev) boots Quarkus itself and calls run() without main(): parse here then.
        Cli cli = parsedBeforeBoot != null ? parsedBeforeBoot : Cli.parse(args);
        parsedBeforeBoot = null;
        ProcessMode mode = cli.mode();
        if (mode.boot() != ProcessMode.Boot.NONE) {
            Log.infof("release=%s process=%s", Release.current().id(), mode.label());
        }
        return cli.execute();
    }

    /** Ends a process that never booted Quarkus; through Quarkus' exit handler, which tests replace. */
    private static void exitWithoutBoot(int code) {
        System.out.flush();
        System.err.flush();
        ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(code, null);
    }

    /** Quarkus failed to start (bad configuration, an unreachable database): one line, exit 3, no stack trace. */
    private static void exit(int code, Throwable failure) {
        ProcessMode.clearAfterExit();
        if (failure != null) {
            Failures.Failure f = Failures.of(failure);
            System.err.println("app: could not start: " + f.message());
            int exitCode = f.exitCode() == ExitCode.FAILED ? ExitCode.UNAVAILABLE : f.exitCode();
            ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(exitCode, null);
            return;
        }
        ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(code, null);
    }
}
