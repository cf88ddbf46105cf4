package dev.onebinary.admin;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Output;
import dev.onebinary.platform.Release;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code app version}: the release identity baked into this build. */
@Unrecorded
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        description = "Print the release: version, commit, build time, platform label.")
public class VersionCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON, as GET /release does.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Output output;

    VersionCommand(Output output) {
        this.output = output;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> release = Release.current().asMap();
        if (json) {
            output.json(out, release);
        } else {
            release.forEach((key, value) -> out.printf("%-8s %s%n", key, value == null ? "-" : value));
            out.flush();
        }
        return ExitCode.OK;
    }
}
