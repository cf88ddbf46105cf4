package dev.onebinary.admin;

import dev.onebinary.platform.ConfigReport;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.ProcessMode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code app config}: the effective configuration, where each value comes from, secrets masked. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Print the effective config with the source of each value (secrets masked).")
public class ConfigCommand extends AdminCommand {

    @Mixin
    OutputOption output;

    @Override
    public ProcessMode.Boot boot() {
        return ProcessMode.Boot.CONFIG;
    }

    @Override
    public boolean recorded() {
        return false;
    }

    @Override
    protected int run() {
        List<ConfigReport.Entry> entries = ConfigReport.effective();
        print(output, entries, out -> {
            Table table = new Table("KEY", "SOURCE", "VALUE");
            entries.forEach(e -> table.row(e.key(), e.source(), e.value()));
            table.print(out);
        });
        return ExitCode.OK;
    }
}
