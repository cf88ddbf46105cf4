package dev.onebinary.tasks;

import io.quarkus.arc.Arc;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The test seam of the framework: runs a task in this process, as {@code app <task> ARGS} would, with the same runner,
 * lock, lease and cursor, against the application's database, without a ledger row. For a task's own test:
 *
 * <pre>{@code
 * TaskReport report = Tasks.run(new FixBadRecords(), "--batch-size", "10");
 * assertThat(report.changed()).isEqualTo(100);
 * }</pre>
 */
public final class Tasks {

    private Tasks() {}

    /** Parses {@code args} into the task's options (a usage error throws picocli's ParameterException) and runs it. */
    public static TaskReport run(Task task, String... args) {
        new CommandLine(task).parseArgs(args);
        return Arc.container().instance(TaskRunner.class).get().run(task, Optional.empty(), (key, value) -> {});
    }
}
