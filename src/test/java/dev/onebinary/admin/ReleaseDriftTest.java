package dev.onebinary.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Release;
import dev.onebinary.support.CommandOutput;
import dev.onebinary.support.TestDatabase;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The release check before every recorded admin run, in process against the test database, with another release's web
 * processes registered in the formation (rows written here, as a web process of that release would). A database ahead
 * of this release is proven with two real builds in dev.onebinary.release.TwoReleasesIT: the test profile migrates at
 * start, and Flyway's validation refuses to boot against a migration it does not know.
 */
@QuarkusMainTest
class ReleaseDriftTest {

    private static final String DB = TestDatabase.NAME;
    private static final String OTHER = "0.1.0+0000000@v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    @AfterEach
    void forgetTheOtherRelease() {
        TestDatabase.execute(DB, "DELETE FROM formation WHERE release = '" + OTHER + "'");
    }

    /** Two web processes of the other release, seen "in the future" so they never turn gone during a slow test. */
    private static void otherReleaseServes() {
        TestDatabase.execute(
                DB,
                "INSERT INTO formation (id, process_type, release, host, pid, started_at, last_seen_at) VALUES"
                        + " ('drift-web-1', 'web', '" + OTHER + "', 'web-1', 11, now(), now() + interval '1 hour'),"
                        + " ('drift-web-2', 'web', '" + OTHER + "', 'web-2', 12, now(), now() + interval '1 hour'),"
                        + " ('drift-worker', 'worker', '" + OTHER + "', 'worker-1', 13, now() - interval '2 hours',"
                        + " now() - interval '1 hour')");
    }

    private static JsonNode lastRun(String command) throws Exception {
        String row = (String) TestDatabase.scalar(
                DB,
                "SELECT json_build_object('outcome', outcome, 'exitCode', exit_code, 'context', context)::text"
                        + " FROM admin_runs WHERE command = '" + command + "' ORDER BY id DESC LIMIT 1");
        return JSON.readTree(row);
    }

    private static List<String> linesWith(LaunchResult result, String text) {
        return result.getErrorStream().stream().filter(l -> l.contains(text)).toList();
    }

    @Test
    void statusShowsEachReleaseByProcessTypeGoneProcessesAsGoneAndTheVerdict(QuarkusMainLauncher launcher)
            throws Exception {
        otherReleaseServes();

        LaunchResult text = launcher.launch("status");
        assertThat(text.exitCode()).as(text.getErrorOutput()).isZero();
        assertThat(CommandOutput.of(text))
                .contains("release    " + Release.current().id() + " (this process)")
                .containsPattern("(?m)^  web +" + OTHER.replace("+", "\\+") + " +2 +0$")
                .containsPattern("(?m)^  worker +" + OTHER.replace("+", "\\+") + " +0 +1$")
                .containsPattern("(?m)^  worker +gone +" + OTHER.replace("+", "\\+") + " +worker-1 +13 ")
                .contains("verdict: release drift: another release is running against this database: web x2 on"
                        + " release " + OTHER + "; this is release "
                        + Release.current().id());

        LaunchResult json = launcher.launch("status", "--output", "json");
        JsonNode status = JSON.readTree(CommandOutput.of(json));
        assertThat(status.get("release").asText()).isEqualTo(Release.current().id());
        assertThat(status.get("sameRelease").asBoolean()).isFalse();
        assertThat(status.get("schema").get("version").asText()).isNotBlank();
        assertThat(status.get("formation").findValuesAsText("release")).contains(OTHER);
        assertThat(status.get("processes").findValuesAsText("state")).contains("running", "gone");
    }

    @Test
    void aDataChangeWhileAnotherReleaseServesIsRefusedInOneLineAndRecordedAsRefused(QuarkusMainLauncher launcher)
            throws Exception {
        otherReleaseServes();

        LaunchResult refused = launcher.launch("purge-records", "--older-than", "3650d");

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
    void aDryRunWarnsOnceOnStderrAndRuns(QuarkusMainLauncher launcher) throws Exception {
        otherReleaseServes();

        LaunchResult dryRun = launcher.launch("purge-records", "--older-than", "3650d", "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.getErrorOutput()).isZero();
        assertThat(linesWith(dryRun, "warning"))
                .singleElement()
                .asString()
                .contains("app purge-records: warning: another release is running", OTHER, "changes no data");
        assertThat(CommandOutput.of(dryRun)).contains("dry run, nothing changed");
        assertThat(lastRun("purge-records").get("outcome").asText()).isEqualTo("dry-run");
    }

    @Test
    void allowReleaseDriftRunsAndTheLedgerRecordsBothReleases(QuarkusMainLauncher launcher) throws Exception {
        otherReleaseServes();

        LaunchResult allowed = launcher.launch("purge-records", "--older-than", "3650d", "--allow-release-drift");

        assertThat(allowed.exitCode()).as(allowed.getErrorOutput()).isZero();
        assertThat(linesWith(allowed, "warning")).singleElement().asString().contains("--allow-release-drift");
        JsonNode run = lastRun("purge-records");
        assertThat(run.get("outcome").asText()).isEqualTo("succeeded");
        assertThat(run.at("/context/releaseDrift/allowed").asBoolean()).isTrue();
        assertThat(run.at("/context/releaseDrift/release").asText())
                .isEqualTo(Release.current().id());
        assertThat(run.at("/context/releaseDrift/otherReleases").toString()).isEqualTo("[\"" + OTHER + "\"]");
    }

    @Test
    void migrateWhileAnOlderReleaseServesIsTheRollingDeployAndGoesOn(QuarkusMainLauncher launcher) throws Exception {
        otherReleaseServes();

        LaunchResult migrate = launcher.launch("migrate");

        assertThat(migrate.exitCode()).as(migrate.getErrorOutput()).isZero();
        assertThat(linesWith(migrate, "warning"))
                .singleElement()
                .asString()
                .contains(OTHER, "expected while a release rolls out");
        assertThat(lastRun("migrate").at("/context/formation").findValuesAsText("release"))
                .containsExactly(OTHER);
    }
}
