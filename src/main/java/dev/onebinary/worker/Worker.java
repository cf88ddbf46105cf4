package dev.onebinary.worker;

import dev.onebinary.domain.records.PayloadValidator;
import dev.onebinary.domain.records.RecordClaims;
import dev.onebinary.platform.Interruption;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The worker loop: several virtual threads each claim, validate and commit one batch at a time until asked to stop
 * (finishing the batch in hand) or, with {@code once}, until nothing is pending.
 */
@ApplicationScoped
public class Worker {

    /** How a worker run is configured. */
    public record Options(int batchSize, int concurrency, Duration pollInterval, boolean once, String name) {}

    /** What a worker run did. */
    public record Totals(int processed, int invalid, int batches) {}

    private static final Duration LOG_EVERY = Duration.ofSeconds(5);

    private final RecordClaims claims;
    private final PayloadValidator validator;
    private final WorkerMetrics metrics;
    private final WorkerMetricsEndpoint metricsEndpoint;

    Worker(RecordClaims claims, WorkerConfig config, WorkerMetrics metrics, WorkerMetricsEndpoint metricsEndpoint) {
        this.claims = claims;
        this.validator = new PayloadValidator(config.kinds());
        this.metrics = metrics;
        this.metricsEndpoint = metricsEndpoint;
    }

    public Totals run(Options options, Interruption stop) throws InterruptedException {
        metrics.register();
        try (WorkerMetricsEndpoint.Listening port = metricsEndpoint.open()) {
            return work(options, stop);
        }
    }

    private Totals work(Options options, Interruption stop) throws InterruptedException {
        AtomicInteger processed = new AtomicInteger();
        AtomicInteger invalid = new AtomicInteger();
        AtomicInteger batches = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.concurrency(); i++) {
            threads.add(Thread.ofVirtual().name("worker-" + i).start(() -> {
                try {
                    loop(options, stop, processed, invalid, batches, failure);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        long nextLog = System.nanoTime() + LOG_EVERY.toNanos();
        for (Thread t : threads) {
            while (!t.join(Duration.ofMillis(200))) {
                if (System.nanoTime() > nextLog) {
                    Log.infof("worker: %d processed, %d invalid so far", processed.get(), invalid.get());
                    nextLog = System.nanoTime() + LOG_EVERY.toNanos();
                }
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Totals(processed.get(), invalid.get(), batches.get());
    }

    private void loop(
            Options options,
            Interruption stop,
            AtomicInteger processed,
            AtomicInteger invalid,
            AtomicInteger batches,
            AtomicReference<RuntimeException> failure) {
        while (!stop.requested() && failure.get() == null) {
            long started = System.nanoTime();
            RecordClaims.Batch batch = claims.processBatch(options.batchSize(), validator, options.name());
            metrics.batch(batch, System.nanoTime() - started);
            if (batch.handled() > 0) {
                processed.addAndGet(batch.processed());
                invalid.addAndGet(batch.invalid());
                batches.incrementAndGet();
            } else if (options.once()) {
                return;
            } else {
                stop.pause(options.pollInterval());
            }
        }
    }
}
