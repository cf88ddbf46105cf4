package dev.onebinary.admin;

import dev.onebinary.platform.Durations;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Interruption;
import dev.onebinary.platform.OptionBounds;
import dev.onebinary.platform.ProcessMode;
import dev.onebinary.worker.Worker;
import dev.onebinary.worker.WorkerConfig;
import io.quarkus.logging.Log;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code app worker}: the long-running worker process (not an admin run, so not in the ledger). */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        description = "Run the worker process: validate pending records until SIGTERM (or, with --once, until none).")
public class WorkerCommand extends AdminCommand {

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description = "Records per transaction (default: app.worker.batch-size, 100).")
    Integer batchSize;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            description = "Batches at once, on virtual threads (default: app.worker.concurrency, 2).")
    Integer concurrency;

    @Option(
            names = "--poll-interval",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Wait when idle, e.g. 500ms, 2s (default: app.worker.poll-interval, 1s).")
    Duration pollInterval;

    @Option(names = "--once", description = "Drain what is pending, then exit 0.")
    boolean once;

    @Override
    public ProcessMode.Type processType() {
        return ProcessMode.Type.WORKER;
    }

    @Override
    public boolean recorded() {
        return false;
    }

    @Override
    protected int run() throws InterruptedException {
        WorkerConfig config = service(WorkerConfig.class);
        Worker.Options options = new Worker.Options(
                positive("--batch-size", batchSize, config.batchSize()),
                positive("--concurrency", concurrency, config.concurrency()),
                pollInterval == null ? config.pollInterval() : pollInterval,
                once,
                RecordedExecution.host());
        try (Interruption stop = Interruption.install()) {
            Worker.Totals totals = service(Worker.class).run(options, stop);
            String how = stop.requested() ? "stopped by " + stop.signalName() : once ? "drained" : "stopped";
            Log.infof(
                    "worker %s: %d processed, %d invalid, %d batches",
                    how, totals.processed(), totals.invalid(), totals.batches());
            out().printf("worker %s: %d processed, %d invalid%n", how, totals.processed(), totals.invalid());
            out().flush();
        }
        return ExitCode.OK;
    }

    private int positive(String option, Integer value, int fallback) {
        return (int) OptionBounds.atLeast(spec, option, value == null ? fallback : value, 1);
    }
}
