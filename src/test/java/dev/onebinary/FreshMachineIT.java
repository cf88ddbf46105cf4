package dev.onebinary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.FreshDatabase;
import dev.onebinary.support.Http;
import dev.onebinary.support.PrometheusText;
import dev.onebinary.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fresh-machine promise as one journey of the packaged application, on whatever database the test run got (with
 * nothing configured, the embedded PostgreSQL: .ci/fresh-machine-smoke runs it that way): migrate, a task, a console
 * query, and the web process answering HTTP.
 */
class FreshMachineIT {

    /** A smoke test, not a timing test: a fresh machine may be a busy CI runner, so each step may take this long. */
    private static final Duration SLOW_MACHINE = Duration.ofMinutes(3);

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @Test
    void migrateTaskConsoleAndHttpWorkOnTheDatabaseOfTheRun() throws Exception {
        System.err.println("FreshMachineIT on " + TestDatabase.origin());
        AppProcess.Result migrate = db.app("migrate").run(SLOW_MACHINE);
        assertThat(migrate.exitCode()).as(migrate.stderr()).isZero();
        db.execute(
                "INSERT INTO records (status, payload, error) VALUES ('invalid', '{\"kind\": \"gift\"}', 'bad kind')");

        AppProcess.Result task = db.app("fix-bad-records").run(SLOW_MACHINE);
        assertThat(task.exitCode()).as(task.stderr()).isZero();
        assertThat(db.scalar("SELECT status FROM records")).isEqualTo("pending");

        AppProcess.Result console = db.app(
                        "console",
                        "--reason",
                        "fresh-machine smoke",
                        "--output",
                        "csv",
                        "-c",
                        "select count(r) from RecordEntity r where r.status = 'pending'")
                .run(SLOW_MACHINE);
        assertThat(console.exitCode()).as(console.stderr()).isZero();
        assertThat(console.stdout().lines()).contains("1");

        int port = Http.freePort();
        AppProcess.Running web =
                db.app().env("QUARKUS_HTTP_PORT", Integer.toString(port)).start();
        try {
            Http.awaitStatus(port, "/q/health/ready", 200, SLOW_MACHINE, web);
            // Java's default client: the POST asks for an h2c upgrade, as many clients do.
            HttpResponse<String> created = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/records"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"payload\": {\"kind\": \"order\"}}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            long id = new ObjectMapper().readTree(created.body()).get("id").asLong();
            assertThat(Http.get(port, "/records/" + id).status()).isEqualTo(200);
            PrometheusText metrics =
                    PrometheusText.parse(Http.get(port, "/q/metrics").body());
            assertThat(metrics.value("app_records", Map.of("status", "pending")))
                    .isEqualTo(2);
        } finally {
            web.signal("TERM");
            web.await(Duration.ofSeconds(30));
        }
    }
}
