package dev.onebinary.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the worker process ({@code app.worker.*}); the command line can override each. */
@ConfigMapping(prefix = "app.worker")
public interface WorkerConfig {

    /** Records claimed per transaction. */
    @WithDefault("100")
    int batchSize();

    /** Batches handled at once by one worker process (virtual threads). */
    @WithDefault("2")
    int concurrency();

    /** How long to wait before looking again when nothing is pending. */
    @WithDefault("1s")
    Duration pollInterval();

    /** The port of the worker's own {@code /q/metrics} (Prometheus); none when unset, the default. */
    Optional<Integer> metricsPort();

    /** The payload kinds the worker accepts. */
    @WithDefault("order,refund,payout")
    List<String> kinds();
}
