package dev.onebinary.worker;

import dev.onebinary.domain.records.PayloadValidator;
import dev.onebinary.domain.records.RecordClaims;
import dev.onebinary.platform.DatabaseFailures;
import dev.onebinary.platform.Interruption;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The worker loop: several virtual threads each claim, validate and commit one batch at a time until asked to stop
 * (finishing the batch in hand) or, with {@code once}, until nothing is pending.
 *
 * <p>A lost connection or a database restart is an outage, not an end: each thread tries again after a growing pause
 * (100 ms up to 5 s), with one log line when the outage starts and one when it ends. A batch is one transaction, so a
 * batch cut off by the outage is rolled back whole and its records are claimed again later: none is handled twice or
 * skipped. Only a database that cannot be reached at all at the start of the run, not in three attempts and not in
 * {@code app.db.connect-timeout} seconds (a wrong URL, most likely), ends it, with exit code 3.
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
    private final Duration connectTimeout;

    Worker(
            RecordClaims claims,
            WorkerConfig config,
            WorkerMetrics metrics,
            WorkerMetricsEndpoint metricsEndpoint,
            @ConfigProperty(name = "app.db.connect-timeout", defaultValue = "5") int connectTimeoutSeconds) {
        this.claims = claims;
        this.validator = new PayloadValidator(config.kinds());
        this.metrics = metrics;
        this.metricsEndpoint = metricsEndpoint;
        this.connectTimeout = Duration.ofSeconds(connectTimeoutSeconds);
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
        DatabaseLink link = new DatabaseLink(new Outage(), System.nanoTime());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.concurrency(); i++) {
            threads.add(Thread.ofVirtual().name("worker-" + i).start(() -> {
                try {
                    loop(options, stop, link, processed, invalid, batches, failure);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        long nextLog = System.nanoTime() + LOG_EVERY.toNanos();
        int logged = 0;
        for (Thread t : threads) {
            while (!t.join(Duration.ofMillis(200))) {
                // Progress every 5 s, and only when there is some: an idle worker or an outage stays quiet.
                int handled = processed.get() + invalid.get();
                if (System.nanoTime() > nextLog && handled != logged) {
                    Log.infof("worker: %d processed, %d invalid so far", processed.get(), invalid.get());
                    logged = handled;
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
            DatabaseLink link,
            AtomicInteger processed,
            AtomicInteger invalid,
            AtomicInteger batches,
            AtomicReference<RuntimeException> failure) {
        int failures = 0;
        while (!stop.requested() && failure.get() == null) {
            long attemptStart = System.nanoTime();
            RecordClaims.Batch batch;
            try {
                batch = claims.processBatch(options.batchSize(), validator, options.name());
            } catch (RuntimeException e) {
                if (!DatabaseFailures.isUnavailable(e) || link.givesUp(System.nanoTime(), connectTimeout)) {
                    throw e;
                }
                if (link.reachedOnce) {
                    link.outage.lost(e, attemptStart);
                }
                stop.pause(Outage.pause(failures++));
                continue;
            }
            metrics.batch(batch, System.nanoTime() - attemptStart);
            failures = 0;
            link.reachedOnce = true;
            link.outage.reached();
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

    /** What the threads of one run know about the database. */
    private static final class DatabaseLink {
        /** Attempts a run makes before it may give up on a database it never reached (a cold JVM can be slow). */
        static final int START_ATTEMPTS = 3;

        final Outage outage;
        final long runStart;
        final AtomicInteger failedAtStart = new AtomicInteger();
        volatile boolean reachedOnce;

        DatabaseLink(Outage outage, long runStart) {
            this.outage = outage;
            this.runStart = runStart;
        }

        /** Never reached since the run started: not in three attempts, and not for longer than the connect timeout. */
        boolean givesUp(long now, Duration timeout) {
            if (reachedOnce) {
                return false;
            }
            return failedAtStart.incrementAndGet() >= START_ATTEMPTS && now - runStart > timeout.toNanos();
        }
    }
}
