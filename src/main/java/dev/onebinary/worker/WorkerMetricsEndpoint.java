package dev.onebinary.worker;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The worker's own metrics port, off unless {@code app.worker.metrics-port} is set: {@code GET /q/metrics} (the path of
 * the web process, so one scrape configuration fits both) in the Prometheus text format, and nothing else. The worker
 * never opens the application's HTTP port, and only a worker run opens this one, so admin processes still listen on
 * nothing. Pull, not push: Prometheus finds worker pods the way it finds web pods, with no Pushgateway to run.
 */
@ApplicationScoped
public class WorkerMetricsEndpoint {

    private static final String PATH = "/q/metrics";

    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final WorkerConfig config;

    WorkerMetricsEndpoint(Vertx vertx, PrometheusMeterRegistry registry, WorkerConfig config) {
        this.vertx = vertx;
        this.registry = registry;
        this.config = config;
    }

    /** Listens on the configured port until closed; does nothing when no port is configured. */
    public Listening open() {
        Optional<Integer> port = config.metricsPort();
        if (port.isEmpty()) {
            return () -> {};
        }
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            if (request.path().equals(PATH)) {
                request.response()
                        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(registry.scrape());
            } else {
                request.response().setStatusCode(404).end();
            }
        });
        try {
            server.listen(port.get()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "worker metrics port " + port.get() + " could not be opened: " + rootMessage(e), e);
        }
        Log.infof("worker metrics on port %d, %s", server.actualPort(), PATH);
        return () -> {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                Log.debugf("worker metrics port not closed cleanly: %s", rootMessage(e));
            }
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** An open metrics port; closing it stops listening. */
    public interface Listening extends AutoCloseable {
        @Override
        void close();
    }
}
