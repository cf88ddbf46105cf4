package dev.onebinary.web.ui;

import dev.onebinary.admin.Cli;
import dev.onebinary.tasks.Task;
import io.quarkus.qute.TemplateData;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one-off tasks of this release, read from the same picocli model the command line parses with ({@link Cli#model()}),
 * so the options and command lines the pages show are exactly what this binary accepts. Nothing here runs anything.
 */
@ApplicationScoped
class TaskCatalog {

    /** One option as help shows it. */
    @TemplateData
    @RegisterForReflection
    record Option(String names, String param, String description, boolean required) {}

    /** A command line to copy, and what it does. */
    @TemplateData
    @RegisterForReflection
    record Line(String text, String what) {}

    /** A task: its own options, command lines to start it, and its full {@code --help}. */
    @TemplateData
    @RegisterForReflection
    record TaskDoc(String name, String description, List<Option> options, List<Line> lines, String help) {}

    /** Every task, the options they share, and the {@code job} command's help when this release has one. */
    @TemplateData
    @RegisterForReflection
    record Catalog(List<TaskDoc> tasks, List<Option> shared, String jobHelp) {

        public boolean hasJobCommand() {
            return jobHelp != null;
        }
    }

    static final String JOB_COMMAND = "job";

    private volatile Catalog catalog;

    Catalog catalog() {
        Catalog c = catalog;
        if (c == null) {
            c = read(Cli.model());
            catalog = c;
        }
        return c;
    }

    boolean isTask(String command) {
        return catalog().tasks().stream().anyMatch(t -> t.name().equals(command));
    }

    static Catalog read(CommandLine app) {
        List<TaskDoc> tasks = new ArrayList<>();
        List<Option> shared = List.of();
        for (CommandLine sub : app.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (!(spec.userObject() instanceof Task) || !sub.getCommandName().equals(spec.name())) {
                continue;
            }
            Set<OptionSpec> mixedIn = mixedIn(spec);
            List<Option> own = spec.options().stream()
                    .filter(o -> !mixedIn.contains(o) && !o.usageHelp() && !o.versionHelp() && !o.hidden())
                    .map(TaskCatalog::option)
                    .toList();
            if (shared.isEmpty()) {
                shared = spec.options().stream()
                        .filter(o -> mixedIn.contains(o) && !o.usageHelp() && !o.versionHelp() && !o.hidden())
                        .map(TaskCatalog::option)
                        .toList();
            }
            tasks.add(new TaskDoc(
                    spec.name(),
                    String.join(" ", spec.usageMessage().description()),
                    own,
                    lines(spec),
                    sub.getUsageMessage(CommandLine.Help.Ansi.OFF)));
        }
        CommandLine job = app.getSubcommands().get(JOB_COMMAND);
        return new Catalog(
                List.copyOf(tasks), shared, job == null ? null : job.getUsageMessage(CommandLine.Help.Ansi.OFF));
    }

    private static List<Line> lines(CommandSpec spec) {
        String required = spec.options().stream()
                .filter(OptionSpec::required)
                .map(o -> o.longestName() + " " + o.paramLabel())
                .collect(Collectors.joining(" "));
        String task = spec.name() + (required.isEmpty() ? "" : " " + required);
        return List.of(
                new Line(
                        "app " + task + " --dry-run",
                        "what it would change, in a read-only transaction: changes nothing"),
                new Line(
                        "app " + task,
                        "run it here; it resumes after the last committed batch of the previous run with the same"
                                + " arguments and shard"),
                new Line(
                        "app " + JOB_COMMAND + " " + task + " | kubectl create -f -",
                        "run it in the cluster as a Kubernetes Job of this release"),
                new Line("app runs --command " + spec.name(), "its runs in the ledger"));
    }

    /** Options that come from mixins (the shared task options), however deep. */
    private static Set<OptionSpec> mixedIn(CommandSpec spec) {
        Set<OptionSpec> options = new HashSet<>();
        for (CommandSpec mixin : spec.mixins().values()) {
            options.addAll(mixin.options());
            options.addAll(mixedIn(mixin));
        }
        return options;
    }

    private static Option option(OptionSpec o) {
        String description = String.join(" ", o.description())
                .replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()))
                .replace("%n", " ")
                .replace("%%", "%");
        String param = o.typeInfo().isBoolean() ? "" : o.paramLabel();
        return new Option(String.join(", ", o.names()), param, description, o.required());
    }
}
