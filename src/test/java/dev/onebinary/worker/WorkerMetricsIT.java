package dev.onebinary.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onebinary.support.AppProcess;
import dev.onebinary.support.FreshDatabase;
import dev.onebinary.support.Http;
import dev.onebinary.support.PrometheusText;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code app worker} with {@code app.worker.metrics-port}: its throughput and lag, scraped from its own port. */
class WorkerMetricsIT {

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @Test
    void workerServesItsThroughputAndLagOnItsOwnMetricsPort() throws Exception {
        assertThat(db.app("migrate").run(Duration.ofMinutes(3)).exitCode()).isZero();
        db.execute("INSERT INTO records (status, payload, updated_at) VALUES"
                + " ('pending', '{\"kind\": \"order\", \"n\": 0}', now() - interval '1 hour')");
        db.execute("INSERT INTO records (status, payload) SELECT 'pending', jsonb_build_object('kind', 'order', 'n', i)"
                + " FROM generate_series(1, 30) AS i");
        db.execute("INSERT INTO records (status, payload) VALUES ('pending', '{\"kind\": \"gift\"}')");
        int port = Http.freePort();

        // The oldest pending record is locked by this test, so the worker skips it and it keeps waiting.
        try (Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeQuery("SELECT id FROM records ORDER BY id LIMIT 1 FOR UPDATE")
                        .close();
            }
            AppProcess.Running worker = db.app("worker")
                    .env("APP_WORKER_METRICS_PORT", Integer.toString(port))
                    .start();
            try {
                PrometheusText drained = scrapeUntil(
                        port, worker, s -> s.value("app_worker_records_total", Map.of("outcome", "processed")) == 30);
                assertThat(drained.type("app_worker_records_total")).contains("counter");
                assertThat(drained.value("app_worker_records_total", Map.of("outcome", "invalid")))
                        .isEqualTo(1);
                assertThat(drained.value("app_worker_batches_total", Map.of())).isGreaterThanOrEqualTo(1);
                assertThat(drained.type("app_worker_batch_seconds")).isPresent();
                assertThat(drained.type("agroal_active_count"))
                        .as("the worker's pool")
                        .isPresent();
                assertThat(drained.type("app_records"))
                        .as("records by status belong to the web process")
                        .isEmpty();
                PrometheusText waiting =
                        scrapeUntil(port, worker, s -> s.value("app_worker_lag_seconds", Map.of()) >= 3600);
                assertThat(waiting.type("app_worker_lag_seconds")).contains("gauge");

                holder.rollback();
                scrapeUntil(port, worker, s -> s.value("app_worker_lag_seconds", Map.of()) == 0);
                assertThat(Http.get(port, "/records").status())
                        .as("the metrics port serves metrics only")
                        .isEqualTo(404);
            } finally {
                worker.signal("TERM");
                AppProcess.Result result = worker.await(Duration.ofSeconds(30));
                assertThat(result.exitCode()).as(result.stderr()).isZero();
            }
        }
    }

    private static PrometheusText scrapeUntil(int port, AppProcess.Running worker, Predicate<PrometheusText> done)
            throws Exception {
        Http.awaitStatus(port, "/q/metrics", 200, Duration.ofMinutes(3), worker);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        PrometheusText last = null;
        while (System.nanoTime() < deadline) {
            last = PrometheusText.parse(Http.get(port, "/q/metrics").body());
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the worker's metrics never got there; last scrape: " + last + "\n" + worker.stderr());
    }
}
