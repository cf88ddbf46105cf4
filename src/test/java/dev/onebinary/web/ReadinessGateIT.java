package dev.onebinary.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onebinary.support.AppProcess;
import dev.onebinary.support.FreshDatabase;
import dev.onebinary.support.Http;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web process reports not-ready while migrations of its release are pending, and never migrates itself. */
class ReadinessGateIT {

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @Test
    void readinessIsDownWhileMigrationsArePendingAndUpOnceAppliedWithoutARestart() throws Exception {
        assertThat(db.app("migrate", "--target", "1").run().exitCode()).isZero();
        int port = Http.freePort();
        AppProcess.Running web =
                db.app().env("QUARKUS_HTTP_PORT", Integer.toString(port)).start();
        try {
            Http.Response notReady = Http.awaitStatus(port, "/q/health/ready", 503, Duration.ofSeconds(60), web);
            assertThat(notReady.body())
                    .contains("\"name\": \"schema\"", "\"pending\": \"2, 3, 4, 5, 6\"", "\"status\": \"DOWN\"");
            assertThat(Http.get(port, "/q/health/live").status()).isEqualTo(200);
            assertThat(db.column("SELECT version FROM flyway_schema_history WHERE success"))
                    .as("the web process never migrates")
                    .containsExactly("1");

            assertThat(db.app("migrate").run().exitCode()).isZero();

            Http.Response ready = Http.awaitStatus(port, "/q/health/ready", 200, Duration.ofSeconds(30), web);
            assertThat(ready.body())
                    .contains("\"name\": \"schema\"", "\"current\": \"6\"")
                    .doesNotContain("warning");

            // An older release during an expand/contract rollout: the schema knows a migration this release does not.
            db.execute(
                    "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                            + " checksum, installed_by, execution_time, success)"
                            + " VALUES (99, '99', 'from a newer release', 'SQL', 'V99__from_a_newer_release.sql', 0, 'app', 1, true)");
            Http.Response newer = Http.get(port, "/q/health/ready");
            assertThat(newer.status()).isEqualTo(200);
            assertThat(newer.body()).contains("schema is newer than this release", "99");
        } finally {
            web.signal("TERM");
            web.await(Duration.ofSeconds(30));
        }
    }
}
