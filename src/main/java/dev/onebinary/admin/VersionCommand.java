package dev.onebinary.admin;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Release;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code app version}: the release identity baked into this build; answered before Quarkus boots. */
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        description = "Print the release: version, commit, build time, platform label.")
public class VersionCommand extends BeforeBootCommand {

    @Mixin
    OutputOption output;

    @Override
    protected int run() {
        Map<String, String> release = Release.current().asMap();
        print(
                output,
                release,
                out -> release.forEach((key, value) -> out.printf("%-8s %s%n", key, value == null ? "-" : value)));
        return ExitCode.OK;
    }
}
