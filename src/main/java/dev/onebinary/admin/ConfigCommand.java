package dev.onebinary.admin;

import dev.onebinary.platform.ConfigReport;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Output;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code app config}: the effective configuration, where each value comes from, secrets masked. */
@Unrecorded
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Print the effective config with the source of each value (secrets masked).")
public class ConfigCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Output output;

    ConfigCommand(Output output) {
        this.output = output;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ConfigReport.Entry> entries = ConfigReport.effective();
        if (json) {
            output.json(out, entries);
            return ExitCode.OK;
        }
        int width = entries.stream().mapToInt(e -> e.key().length()).max().orElse(10);
        out.printf("%-" + width + "s  %-16s  %s%n", "KEY", "SOURCE", "VALUE");
        for (ConfigReport.Entry e : entries) {
            out.printf("%-" + width + "s  %-16s  %s%n", e.key(), e.source(), e.value() == null ? "-" : e.value());
        }
        out.flush();
        return ExitCode.OK;
    }
}
