package dev.onebinary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.Await;
import dev.onebinary.support.FreshDatabase;
import dev.onebinary.support.Http;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seeds' check: the web process, a worker and an admin run of one artifact carry one release id. */
class SameReleaseIT {

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @Test
    void webWorkerAndAdminRunOfOneArtifactReportTheSameRelease() throws Exception {
        AppProcess.Result migrate = db.app("migrate").env("APP_RELEASE", "v42").run();
        assertThat(migrate.exitCode()).as(migrate.stderr()).isZero();

        int port = Http.freePort();
        AppProcess.Running web = db.app()
                .env("QUARKUS_HTTP_PORT", Integer.toString(port))
                .env("APP_RELEASE", "v42")
                .start();
        AppProcess.Running worker = db.app("worker").env("APP_RELEASE", "v42").start();
        try {
            Http.awaitStatus(port, "/q/health/ready", 200, Duration.ofSeconds(60), web);
            String webRelease = new ObjectMapper()
                    .readTree(Http.get(port, "/release").body())
                    .get("id")
                    .asText();

            Await.until("the worker's first log line", Duration.ofSeconds(60), () -> (worker.stdout() + worker.stderr())
                    .contains("process=worker"));
            Matcher first = Pattern.compile("release=(\\S+) process=worker").matcher(worker.stderr() + worker.stdout());
            assertThat(first.find()).as("the worker's first log line").isTrue();

            String ledgerRelease = (String) db.scalar("SELECT release FROM admin_runs WHERE command = 'migrate'");

            assertThat(webRelease).endsWith("@v42");
            assertThat(first.group(1)).isEqualTo(webRelease);
            assertThat(ledgerRelease).isEqualTo(webRelease);
        } finally {
            worker.signal("TERM");
            web.signal("TERM");
            worker.await(Duration.ofSeconds(30));
            web.await(Duration.ofSeconds(30));
        }
    }
}
