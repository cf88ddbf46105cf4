package dev.onebinary.worker;

import dev.onebinary.domain.records.RecordClaims;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker's throughput and lag as Micrometer meters, scraped from its own port ({@link WorkerMetricsEndpoint}):
 * {@code app_worker_records_total{outcome="processed|invalid"}} and {@code app_worker_batches_total} (rate() of them is
 * the throughput), {@code app_worker_batch_seconds}, and {@code app_worker_lag_seconds}: how long the record the worker
 * takes next (the oldest pending one, as it claims in id order) has been waiting, 0 when nothing is pending. The lag is
 * one indexed lookup (records_status_id), at most every five seconds.
 */
@ApplicationScoped
public class WorkerMetrics {

    private static final Duration LAG_REFRESH = Duration.ofSeconds(5);
    private static final String LAG = "SELECT coalesce(extract(epoch FROM now() - min(updated_at)), 0) FROM"
            + " (SELECT updated_at FROM records WHERE status = 'pending' ORDER BY id LIMIT 1) AS next";

    private final MeterRegistry registry;
    private final AgroalDataSource dataSource;
    private final AtomicBoolean registered = new AtomicBoolean();
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile double lag = Double.NaN;
    private volatile long lagAskedAt = System.nanoTime() - LAG_REFRESH.toNanos();
    private Counter processed;
    private Counter invalid;
    private Counter batches;
    private Timer batchTime;

    WorkerMetrics(MeterRegistry registry, AgroalDataSource dataSource) {
        this.registry = registry;
        this.dataSource = dataSource;
    }

    /** Registers the worker's meters; called when a worker run starts, so no other process type carries them. */
    void register() {
        if (!registered.compareAndSet(false, true)) {
            return;
        }
        processed = Counter.builder("app.worker.records")
                .description("Records the worker validated, by verdict")
                .tag("outcome", "processed")
                .register(registry);
        invalid = Counter.builder("app.worker.records")
                .description("Records the worker validated, by verdict")
                .tag("outcome", "invalid")
                .register(registry);
        batches = Counter.builder("app.worker.batches")
                .description("Batches the worker claimed and committed")
                .register(registry);
        batchTime = Timer.builder("app.worker.batch")
                .description("Time to claim, validate and commit one batch")
                .register(registry);
        Gauge.builder("app.worker.lag", this, WorkerMetrics::lagSeconds)
                .description("How long the next pending record has been waiting, 0 when none is pending")
                .baseUnit("seconds")
                .register(registry);
    }

    void batch(RecordClaims.Batch batch, long nanos) {
        if (!registered.get() || batch.handled() == 0) {
            return;
        }
        processed.increment(batch.processed());
        invalid.increment(batch.invalid());
        batches.increment();
        batchTime.record(Duration.ofNanos(nanos));
    }

    double lagSeconds() {
        if (System.nanoTime() - lagAskedAt >= LAG_REFRESH.toNanos() && refreshing.tryLock()) {
            try {
                lag = queryLag();
                lagAskedAt = System.nanoTime();
            } finally {
                refreshing.unlock();
            }
        }
        return lag;
    }

    private double queryLag() {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(LAG)) {
            return rs.next() ? rs.getDouble(1) : 0;
        } catch (SQLException e) {
            Log.debugf("worker lag not measured: %s", e.getMessage());
            return Double.NaN;
        }
    }
}
