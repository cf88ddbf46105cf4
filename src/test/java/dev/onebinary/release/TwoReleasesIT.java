package dev.onebinary.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.Http;
import dev.onebinary.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Same release everywhere, with two builds of the application as real processes: this build (the older release,
 * {@code @v42}) and the next release (target/next-release, built a second time by pom.xml's execution next-release with
 * one more migration, V900; {@code @v43}).
 */
class TwoReleasesIT {

    private static final Path NEXT_RELEASE = Path.of("target/next-release/quarkus-app/quarkus-run.jar");
    private static final Duration RUN = Duration.ofSeconds(120);
    private static final String GONE_AFTER = "3s";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String database = ("t_two_releases_"
                    + UUID.randomUUID().toString().substring(0, 8))
            .toLowerCase(Locale.ROOT)
            .replace('-', '_');

    /** The release under test, labelled as the platform would label it. */
    private AppProcess older(String... args) {
        return AppProcess.app(args).database(database).env("APP_RELEASE", "v42");
    }

    /** The next release: the second build, one migration ahead. */
    private AppProcess newer(String... args) {
        return AppProcess.app(args).jar(NEXT_RELEASE).database(database).env("APP_RELEASE", "v43");
    }

    private Object scalar(String sql) {
        return TestDatabase.scalar(database, sql);
    }

    private JsonNode lastRun(String command) throws Exception {
        return JSON.readTree((String) scalar(
                "SELECT json_build_object('release', release, 'outcome', outcome, 'exitCode', exit_code, 'context',"
                        + " context)::text FROM admin_runs WHERE command = '" + command
                        + "' ORDER BY id DESC LIMIT 1"));
    }

    private static List<String> stderrLinesWith(AppProcess.Result result, String text) {
        return result.stderr().lines().filter(l -> l.contains(text)).toList();
    }

    private static void await(String what, Duration patience, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened within " + patience + ": " + what);
            }
            Thread.sleep(200);
        }
    }

    private static String releaseOf(AppProcess.Result result) {
        return result.stderr()
                .lines()
                .filter(l -> l.contains("release=") && l.contains(" process="))
                .findFirst()
                .map(l -> l.replaceFirst(".*release=(\\S+) process=.*", "$1"))
                .orElseThrow(() -> new AssertionError("no release in the first log line:\n" + result.stderr()));
    }

    @Test
    void aRollingDeployMigratesFirstAndEveryOtherMismatchIsRefusedWarnedOrReported() throws Exception {
        int port = Http.freePort();
        AppProcess.Running web = null;
        AppProcess.Running worker = null;
        try {
            // The older release's web process starts before its database exists: it serves regardless.
            web = older().env("QUARKUS_HTTP_PORT", Integer.toString(port))
                    .env("APP_FORMATION_HEARTBEAT", "500ms")
                    .start();
            Http.awaitStatus(port, "/q/health/live", 200, RUN, web);
            TestDatabase.execute(TestDatabase.NAME, "CREATE DATABASE " + database);

            AppProcess.Result oldMigrate = older("migrate").run(RUN);
            assertThat(oldMigrate.exitCode()).as(oldMigrate.stderr()).isZero();
            String a = releaseOf(oldMigrate);
            assertThat(a).endsWith("@v42");
            await("the web process registers once its database is there", RUN, () -> scalar(
                            "SELECT count(*) FROM formation WHERE process_type = 'web'")
                    .equals(1L));
            worker = older("worker").env("APP_FORMATION_HEARTBEAT", "500ms").start();
            await("the worker registers", RUN, () -> scalar(
                            "SELECT count(*) FROM formation WHERE process_type = 'worker'")
                    .equals(1L));
            assertThat(scalar("SELECT string_agg(DISTINCT release, ',') FROM formation"))
                    .isEqualTo(a);

            // The newer release migrates while the older one serves: the rolling deploy, allowed with a warning.
            AppProcess.Result newMigrate = newer("migrate").run(RUN);
            assertThat(newMigrate.exitCode()).as(newMigrate.stderr()).isZero();
            String b = releaseOf(newMigrate);
            assertThat(b).endsWith("@v43").isNotEqualTo(a);
            assertThat(newMigrate.stdout()).contains("applied 900", "6 -> 900");
            assertThat(stderrLinesWith(newMigrate, "warning"))
                    .singleElement()
                    .asString()
                    .contains("web x1, worker x1 on release " + a, "this is release " + b, "rolls out");
            assertThat(lastRun("migrate").at("/context/formation").findValuesAsText("release"))
                    .containsExactly(a, a);

            // The newer release's task, while the older one serves: refused, naming the formation.
            AppProcess.Result newTask = newer("fix-bad-records").run(RUN);
            assertThat(newTask.exitCode()).as(newTask.all()).isEqualTo(ExitCode.RELEASE_DRIFT);
            assertThat(stderrLinesWith(newTask, "app fix-bad-records:"))
                    .singleElement()
                    .asString()
                    .contains("refusing to change data: another release is running against this database: web x1,"
                            + " worker x1 on release " + a + "; this is release " + b);

            AppProcess.Result status = newer("status").run(RUN);
            assertThat(status.exitCode()).as(status.stderr()).isZero();
            assertThat(status.stdout())
                    .contains("release    " + b + " (this process)", "schema     900, applied by " + b)
                    .containsPattern("(?m)^  web +running +" + quote(a) + " ")
                    .containsPattern("(?m)^  worker +running +" + quote(a) + " ")
                    .contains("verdict: release drift: another release is running against this database: web x1,"
                            + " worker x1 on release " + a);

            JsonNode release = JSON.readTree(Http.get(port, "/release").body());
            assertThat(release.get("id").asText()).isEqualTo(a);
            assertThat(release.get("formation"))
                    .extracting(g -> g.get("processType").asText() + " "
                            + g.get("release").asText() + " running "
                            + g.get("running").asInt() + " gone "
                            + g.get("gone").asInt())
                    .containsExactly("web " + a + " running 1 gone 0", "worker " + a + " running 1 gone 0");

            // The older release against the schema the newer one migrated: its data changes are refused...
            AppProcess.Result oldTask = older("fix-bad-records").run(RUN);
            assertThat(oldTask.exitCode()).as(oldTask.all()).isEqualTo(ExitCode.RELEASE_DRIFT);
            assertThat(stderrLinesWith(oldTask, "app fix-bad-records:"))
                    .singleElement()
                    .asString()
                    .contains("the database is ahead of release " + a + ": migration 900 was applied by release " + b);
            JsonNode refused = lastRun("fix-bad-records");
            assertThat(refused.get("outcome").asText()).isEqualTo("refused");
            assertThat(refused.get("exitCode").asInt()).isEqualTo(ExitCode.RELEASE_DRIFT);

            // ...unless it insists, and the ledger records both releases...
            AppProcess.Result allowed =
                    older("fix-bad-records", "--allow-release-drift").run(RUN);
            assertThat(allowed.exitCode()).as(allowed.all()).isZero();
            JsonNode insisted = lastRun("fix-bad-records");
            assertThat(insisted.get("outcome").asText()).isEqualTo("succeeded");
            assertThat(insisted.get("release").asText()).isEqualTo(a);
            assertThat(insisted.at("/context/releaseDrift/allowed").asBoolean()).isTrue();
            assertThat(insisted.at("/context/releaseDrift/release").asText()).isEqualTo(a);
            assertThat(insisted.at("/context/releaseDrift/otherReleases").toString())
                    .isEqualTo("[\"" + b + "\"]");
            assertThat(insisted.at("/context/schema/version").asText()).isEqualTo("900");

            // ...its dry run warns in one line and runs...
            AppProcess.Result dryRun = older("fix-bad-records", "--dry-run").run(RUN);
            assertThat(dryRun.exitCode()).as(dryRun.all()).isZero();
            assertThat(dryRun.stdout()).contains("dry run, nothing changed");
            assertThat(stderrLinesWith(dryRun, "warning"))
                    .singleElement()
                    .asString()
                    .contains("ahead of release " + a, "900", b, "changes no data");

            // ...and its migrate, against a schema ahead of it, is refused.
            AppProcess.Result oldMigrateAgain = older("migrate").run(RUN);
            assertThat(oldMigrateAgain.exitCode()).as(oldMigrateAgain.all()).isEqualTo(ExitCode.RELEASE_DRIFT);
            assertThat(lastRun("migrate").get("outcome").asText()).isEqualTo("refused");

            // A web process killed outright leaves its row, which turns gone; a worker stopped by SIGTERM says so.
            web.signal("KILL");
            web.await(RUN);
            worker.signal("TERM");
            assertThat(worker.await(RUN).exitCode()).isZero();
            assertThat(scalar(
                            "SELECT count(*) FROM formation WHERE process_type = 'worker' AND stopped_at IS NOT NULL"))
                    .isEqualTo(1L);
            await("the killed web process is not seen for " + GONE_AFTER, RUN, () -> scalar(
                            "SELECT count(*) FROM formation WHERE process_type = 'web' AND stopped_at IS NULL"
                                    + " AND last_seen_at < clock_timestamp() - interval '" + GONE_AFTER + "'")
                    .equals(1L));

            AppProcess.Result afterwards =
                    newer("status").env("APP_FORMATION_GONE_AFTER", GONE_AFTER).run(RUN);
            assertThat(afterwards.stdout())
                    .containsPattern("(?m)^  web +" + quote(a) + " +0 +1$")
                    .containsPattern("(?m)^  web +gone +" + quote(a) + " ")
                    .doesNotContainPattern("(?m)^  worker ")
                    .contains("verdict: same release: no web or worker process running, the schema (900) and this"
                            + " process all on release " + b);

            AppProcess.Result newTaskAfterwards = newer("fix-bad-records")
                    .env("APP_FORMATION_GONE_AFTER", GONE_AFTER)
                    .run(RUN);
            assertThat(newTaskAfterwards.exitCode()).as(newTaskAfterwards.all()).isZero();
            assertThat(newTaskAfterwards.stderr()).doesNotContain("warning");
            JsonNode clean = lastRun("fix-bad-records");
            assertThat(clean.get("release").asText()).isEqualTo(b);
            assertThat(clean.at("/context/schema/version").asText()).isEqualTo("900");
            assertThat(clean.at("/context/formation").isArray()).isTrue();
            assertThat(clean.at("/context/formation")).isEmpty();
            assertThat(clean.at("/context/releaseDrift").isMissingNode()).isTrue();
        } finally {
            if (worker != null && worker.process().isAlive()) {
                worker.process().destroyForcibly().waitFor();
            }
            if (web != null && web.process().isAlive()) {
                web.process().destroyForcibly().waitFor();
            }
            TestDatabase.drop(database);
        }
    }

    @Test
    void theOlderReleasesMigrateCheckReportsTheDatabaseAhead() throws Exception {
        TestDatabase.execute(TestDatabase.NAME, "CREATE DATABASE " + database);
        try {
            AppProcess.Result newMigrate = newer("migrate").run(RUN);
            assertThat(newMigrate.exitCode()).as(newMigrate.stderr()).isZero();

            AppProcess.Result check = older("migrate", "--check").run(RUN);

            assertThat(check.exitCode()).as(check.all()).isEqualTo(ExitCode.RELEASE_DRIFT);
            assertThat(check.stderr()).contains("ahead", "900").doesNotContain("up to date");
        } finally {
            TestDatabase.drop(database);
        }
    }

    private static String quote(String release) {
        return java.util.regex.Pattern.quote(release);
    }
}
