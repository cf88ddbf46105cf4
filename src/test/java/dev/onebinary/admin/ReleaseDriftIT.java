package dev.onebinary.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Release;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.FreshDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The release check before every recorded admin run, as real processes against a database of their own, with another
 * release's web processes registered in the formation (rows written here, as a web process of that release would). A
 * database ahead of this release is proven with two real builds in dev.onebinary.release.TwoReleasesIT.
 */
class ReleaseDriftIT {

    private static final String OTHER = "0.1.0+0000000@v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @BeforeEach
    void migrate() {
        AppProcess.Result migrate = db.app("migrate").run();
        assertThat(migrate.exitCode()).as(migrate.stderr()).isZero();
    }

    /** Two web processes of the other release, seen "in the future" so they never turn gone during a slow test. */
    private void otherReleaseServes() {
        db.execute("INSERT INTO formation (id, process_type, release, host, pid, started_at, last_seen_at) VALUES"
                + " ('drift-web-1', 'web', '" + OTHER + "', 'web-1', 11, now(), now() + interval '1 hour'),"
                + " ('drift-web-2', 'web', '" + OTHER + "', 'web-2', 12, now(), now() + interval '1 hour'),"
                + " ('drift-worker', 'worker', '" + OTHER + "', 'worker-1', 13, now() - interval '2 hours',"
                + " now() - interval '1 hour')");
    }

    private JsonNode lastRun(String command) throws Exception {
        String row = (String) db.scalar(
                "SELECT json_build_object('outcome', outcome, 'exitCode', exit_code, 'context', context)::text"
                        + " FROM admin_runs WHERE command = '" + command + "' ORDER BY id DESC LIMIT 1");
        return JSON.readTree(row);
    }

    private static List<String> linesWith(AppProcess.Result result, String text) {
        return result.stderr().lines().filter(l -> l.contains(text)).toList();
    }

    @Test
    void statusShowsEachReleaseByProcessTypeGoneProcessesAsGoneAndTheVerdict() throws Exception {
        otherReleaseServes();

        AppProcess.Result text = db.app("status").run();
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout())
                .contains("release    " + Release.current().id() + " (this process)")
                .containsPattern("(?m)^  web +" + OTHER.replace("+", "\\+") + " +2 +0$")
                .containsPattern("(?m)^  worker +" + OTHER.replace("+", "\\+") + " +0 +1$")
                .containsPattern("(?m)^  worker +gone +" + OTHER.replace("+", "\\+") + " +worker-1 +13 ")
                .contains("verdict: release drift: another release is running against this database: web x2 on"
                        + " release " + OTHER + "; this is release "
                        + Release.current().id());

        AppProcess.Result json = db.app("status", "--output", "json").run();
        JsonNode status = JSON.readTree(json.stdout());
        assertThat(status.get("release").asText()).isEqualTo(Release.current().id());
        assertThat(status.get("sameRelease").asBoolean()).isFalse();
        assertThat(status.get("schema").get("version").asText()).isNotBlank();
        assertThat(status.get("formation").findValuesAsText("release")).contains(OTHER);
        assertThat(status.get("processes").findValuesAsText("state")).contains("running", "gone");
    }

    @Test
    void aDataChangeWhileAnotherReleaseServesIsRefusedInOneLineAndRecordedAsRefused() throws Exception {
        otherReleaseServes();

        AppProcess.Result refused =
                db.app("purge-records", "--older-than", "3650d").run();

        assertThat(refused.exitCode()).isEqualTo(ExitCode.RELEASE_DRIFT);
        assertThat(linesWith(refused, "refusing"))
                .singleElement()
                .asString()
                .contains(
                        "app purge-records: refusing to change data: another release is running against this database:"
                                + " web x2 on release " + OTHER + "; this is release "
                                + Release.current().id(),
                        "--allow-release-drift")
                .doesNotContain("Exception");
        JsonNode run = lastRun("purge-records");
        assertThat(run.get("outcome").asText()).isEqualTo("refused");
        assertThat(run.get("exitCode").asInt()).isEqualTo(ExitCode.RELEASE_DRIFT);
        assertThat(run.at("/context/releaseDrift/allowed").asBoolean()).isFalse();
        assertThat(run.at("/context/formation").findValuesAsText("release")).containsExactly(OTHER);
        assertThat(run.at("/context/schema/version").asText()).isNotBlank();
    }

    @Test
    void aDryRunWarnsOnceOnStderrAndRuns() throws Exception {
        otherReleaseServes();

        AppProcess.Result dryRun =
                db.app("purge-records", "--older-than", "3650d", "--dry-run").run();

        assertThat(dryRun.exitCode()).as(dryRun.stderr()).isZero();
        assertThat(linesWith(dryRun, "warning"))
                .singleElement()
                .asString()
                .contains("app purge-records: warning: another release is running", OTHER, "changes no data");
        assertThat(dryRun.stdout()).contains("dry run, nothing changed");
        assertThat(lastRun("purge-records").get("outcome").asText()).isEqualTo("dry-run");
    }

    @Test
    void allowReleaseDriftRunsAndTheLedgerRecordsBothReleases() throws Exception {
        otherReleaseServes();

        AppProcess.Result allowed = db.app("purge-records", "--older-than", "3650d", "--allow-release-drift")
                .run();

        assertThat(allowed.exitCode()).as(allowed.stderr()).isZero();
        assertThat(linesWith(allowed, "warning")).singleElement().asString().contains("--allow-release-drift");
        JsonNode run = lastRun("purge-records");
        assertThat(run.get("outcome").asText()).isEqualTo("succeeded");
        assertThat(run.at("/context/releaseDrift/allowed").asBoolean()).isTrue();
        assertThat(run.at("/context/releaseDrift/release").asText())
                .isEqualTo(Release.current().id());
        assertThat(run.at("/context/releaseDrift/otherReleases").toString()).isEqualTo("[\"" + OTHER + "\"]");
    }

    @Test
    void migrateWhileAnOlderReleaseServesIsTheRollingDeployAndGoesOn() throws Exception {
        otherReleaseServes();

        AppProcess.Result migrate = db.app("migrate").run();

        assertThat(migrate.exitCode()).as(migrate.stderr()).isZero();
        assertThat(linesWith(migrate, "warning"))
                .singleElement()
                .asString()
                .contains(OTHER, "expected while a release rolls out");
        assertThat(lastRun("migrate").at("/context/formation").findValuesAsText("release"))
                .containsExactly(OTHER);
    }
}
