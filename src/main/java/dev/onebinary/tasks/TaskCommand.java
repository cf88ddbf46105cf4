package dev.onebinary.tasks;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Output;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every task command: a task class extends it, names itself with {@code @Command}, declares its own
 * options and implements {@link BatchTask}; the options shared by all tasks and the running come from here.
 */
public abstract class TaskCommand implements Callable<Integer>, BatchTask {

    @Mixin
    protected TaskOptions options;

    @Spec
    protected CommandSpec spec;

    @Inject
    TaskRunner runner;

    @Inject
    Output output;

    @Override
    public final Integer call() throws InterruptedException {
        TaskRunner.Run run = new TaskRunner.Run(spec.name(), ownArguments(), options.shard());
        TaskReport report = runner.run(this, run, options);
        print(report);
        if (report.status().startsWith("interrupted by SIGINT")) {
            return ExitCode.SIGINT;
        }
        return report.status().startsWith("interrupted") ? ExitCode.SIGTERM : ExitCode.OK;
    }

    /** The task's own options, as given: the same arguments resume the same cursor. */
    private String ownArguments() {
        return spec.options().stream()
                .filter(o -> spec.mixins().values().stream()
                        .noneMatch(m -> m.options().contains(o)))
                .filter(o -> !o.usageHelp() && !o.versionHelp())
                .filter(o -> o.getValue() != null && !Boolean.FALSE.equals(o.getValue()))
                .map(o -> o.longestName() + "=" + o.getValue())
                .sorted()
                .collect(Collectors.joining(" "));
    }

    private void print(TaskReport r) {
        PrintWriter out = spec.commandLine().getOut();
        if (options.output == TaskOptions.Format.json) {
            output.json(out, r);
            return;
        }
        if (r.dryRun()) {
            out.printf("%s shard %s: dry run, nothing changed%n", r.task(), r.shard());
            out.printf("  would change  %d%n", r.wouldChange());
            out.printf("  first keys    %s%n", r.firstKeys());
            out.printf("  from key      %d%n", r.startedFrom());
        } else {
            out.printf("%s shard %s: %s%n", r.task(), r.shard(), r.status());
            out.printf("  examined       %d%n", r.examined());
            out.printf("  changed        %d%n", r.changed());
            out.printf("  batches        %d%n", r.batches());
            out.printf("  duration       %d ms%n", r.durationMs());
            out.printf("  rate           %d rows/s%n", r.rowsPerSecond());
            out.printf("  longest batch  %d ms%n", r.longestBatchMs());
            out.printf("  cursor         %d (started from %d)%n", r.cursor(), r.startedFrom());
        }
        out.flush();
    }
}
