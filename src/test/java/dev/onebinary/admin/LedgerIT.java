package dev.onebinary.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.FreshDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every admin run leaves a row in the ledger, written by one mechanism around every subcommand. */
class LedgerIT {

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @Test
    void everyAdminRunIsRecordedWithReleaseArgumentsHostUserOutcomeAndSummary() throws Exception {
        String release = new ObjectMapper()
                .readTree(db.app("version", "--json").run().stdout())
                .get("id")
                .asText();

        AppProcess.Result result = db.app("migrate", "--target", "1")
                .env("POD_NAME", "migrate-7f9c-x2kq")
                .run();
        assertThat(result.exitCode()).as(result.stderr()).isZero();

        assertThat(db.column("SELECT concat_ws('|', command, arguments::text, release, host, os_user, outcome,"
                        + " exit_code, summary -> 'applied', (finished_at >= started_at)::text) FROM admin_runs"))
                .containsExactly(String.join(
                        "|",
                        "migrate",
                        "[\"--target\", \"1\"]",
                        release,
                        "migrate-7f9c-x2kq",
                        System.getProperty("user.name"),
                        "succeeded",
                        "0",
                        "[\"1\"]",
                        "true"));
    }

    @Test
    void dryRunsAndChecksAreRecordedAsDryRunsAndReadOnlyCommandsAreNotRecorded() {
        assertThat(db.app("migrate").run().exitCode()).isZero();
        assertThat(db.app("migrate", "--dry-run").run().exitCode()).isZero();
        assertThat(db.app("migrate", "--check").run().exitCode()).isZero();
        assertThat(db.app("version").run().exitCode()).isZero();
        assertThat(db.app("migrate", "status").run().exitCode()).isZero();
        assertThat(db.app("runs").run().exitCode()).isZero();

        assertThat(db.column("SELECT arguments::text || ' ' || outcome FROM admin_runs ORDER BY id"))
                .containsExactly("[] succeeded", "[\"--dry-run\"] dry-run", "[\"--check\"] dry-run");
    }

    @Test
    void runsListsNewestFirstAndFiltersByCommandAndLimit() throws Exception {
        assertThat(db.app("migrate", "--target", "1").run().exitCode()).isZero();
        assertThat(db.app("migrate").run().exitCode()).isZero();

        AppProcess.Result text = db.app("runs").run();
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout().lines().skip(1).map(l -> l.split(" +")[0]).toList())
                .containsExactly("2", "1");
        assertThat(text.stdout())
                .contains(
                        "--target 1",
                        "succeeded",
                        "{\"after\":\"6\",\"before\":\"1\",\"applied\":[\"2\",\"3\",\"4\",\"5\",\"6\"]}");

        JsonNode json = new ObjectMapper()
                .readTree(db.app("runs", "--command", "migrate", "--limit", "1", "--json")
                        .run()
                        .stdout());
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("id").asLong()).isEqualTo(2);
        assertThat(json.get(0).get("summary").get("applied").get(0).asText()).isEqualTo("2");

        assertThat(new ObjectMapper()
                        .readTree(db.app("runs", "--command", "nothing-by-this-name", "--json")
                                .run()
                                .stdout()))
                .isEmpty();
    }

    @Test
    void badLimitExitsUsage() {
        AppProcess.Result result = db.app("runs", "--limit", "0").run();
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderr()).contains("--limit must be between 1 and 10000");
    }

    @Test
    void runWhoseProcessIsKilledKeepsItsRunningRow() throws Exception {
        assertThat(db.app("migrate", "--target", "1").run().exitCode()).isZero();
        try (Connection holder = db.connect();
                Statement s = holder.createStatement()) {
            // Hold the schema history so the next migrate blocks, then kill it as the OOM killer would.
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE flyway_schema_history IN ACCESS EXCLUSIVE MODE");
            AppProcess.Running blocked = db.app("migrate").start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!"1".equals(String.valueOf(db.scalar("SELECT count(*) FROM admin_runs WHERE outcome = 'running'")))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            blocked.signal("KILL");
            blocked.process().waitFor();
            holder.rollback();
        }
        assertThat(db.column("SELECT outcome || ' ' || (finished_at IS NULL) FROM admin_runs ORDER BY id"))
                .containsExactly("succeeded false", "running true");
    }
}
