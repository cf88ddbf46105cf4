package dev.onebinary.admin;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code app serve}: the web process, the same as {@code app} with no subcommand. */
@Unrecorded
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the web process (the default).")
public class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return AppCommand.serve();
    }
}
