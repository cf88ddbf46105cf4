package dev.onebinary.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.FreshDatabase;
import dev.onebinary.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code app migrate} as real processes against an empty database each. */
class MigrateIT {

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @Test
    void migrateAppliesEachPendingMigrationAndPrintsASummary() {
        AppProcess.Result result = db.app("migrate").run();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout())
                .containsPattern("(?m)^applied 1  records and admin runs  \\(\\d+ ms\\)$")
                .containsPattern("(?m)^applied 2  worker bookkeeping  \\(\\d+ ms\\)$")
                .containsPattern("(?m)^applied 3  task cursors  \\(\\d+ ms\\)$")
                .containsPattern("(?m)^applied 6  ledger indexes  \\(\\d+ ms\\)$")
                .containsPattern("(?m)^schema empty -> 6 \\(6 applied\\) by release \\S+\\+\\S+$");
        assertThat(db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(db.scalar("SELECT count(*) FROM pg_index WHERE NOT indisvalid"))
                .as("the concurrent indexes of V6 are valid")
                .isEqualTo(0L);
        assertThat(db.scalar("SELECT count(*) FROM records")).isEqualTo(0L);
    }

    @Test
    void dryRunPrintsTheFullSqlAndChangesNothing() {
        for (String option : List.of("--dry-run", "--plan")) {
            AppProcess.Result result = db.app("migrate", option).run();
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout())
                    .contains("-- pending 1  records and admin runs")
                    .contains("CREATE TABLE records (", "CREATE INDEX records_status_id ON records (status, id);")
                    .contains("-- pending 2  worker bookkeeping", "ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0")
                    .contains("-- pending 3  task cursors", "CREATE TABLE task_cursors (")
                    .contains(
                            "-- pending 6  ledger indexes",
                            "CREATE INDEX CONCURRENTLY IF NOT EXISTS admin_runs_started_at")
                    .contains("dry run: 6 migration(s) pending, nothing applied; 0 lint finding(s)");
            assertThat(result.stdout().indexOf("-- pending 1"))
                    .isLessThan(result.stdout().indexOf("-- pending 2"));
        }
        assertThat(db.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
                .as("no table, not even flyway_schema_history")
                .isEqualTo(0L);
    }

    @Test
    void checkExitsSchemaBehindListingWhatIsPendingThenZeroOnceApplied() {
        AppProcess.Result behind = db.app("migrate", "--check").run();
        assertThat(behind.exitCode()).isEqualTo(ExitCode.SCHEMA_BEHIND);
        assertThat(behind.stderr()).contains("schema behind: 6 migration(s) pending: 1, 2, 3, 4, 5, 6");

        assertThat(db.app("migrate").run().exitCode()).isZero();

        AppProcess.Result upToDate = db.app("migrate", "--check").run();
        assertThat(upToDate.exitCode()).isZero();
        assertThat(upToDate.stdout()).contains("schema up to date at 6");
    }

    @Test
    void targetAppliesUpToThatVersionOnly() {
        AppProcess.Result result = db.app("migrate", "--target", "1").run();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("schema empty -> 1 (1 applied)");
        assertThat(db.column("SELECT version FROM flyway_schema_history WHERE success"))
                .containsExactly("1");
        assertThat(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'records'"
                        + " AND column_name = 'attempts'"))
                .isEqualTo(0L);
    }

    @Test
    void badTargetExitsUsageAndChangesNothing() {
        AppProcess.Result result =
                db.app("migrate", "--target", "not-a-version").run();
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderr()).contains("--target must be a migration version");
        assertThat(db.scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'records'"))
                .isEqualTo(0L);
    }

    @Test
    void dryRunAndCheckCannotBeCombined() {
        AppProcess.Result result = db.app("migrate", "--dry-run", "--check").run();
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderr()).contains("mutually exclusive");
    }

    @Test
    void twoMigrationsStartedAtOnceBothSucceedAndApplyEachMigrationOnce() {
        AppProcess.Running first = db.app("migrate").start();
        AppProcess.Running second = db.app("migrate").start();
        AppProcess.Result a = first.await(Duration.ofSeconds(90));
        AppProcess.Result b = second.await(Duration.ofSeconds(90));
        assertThat(a.exitCode()).as(a.stderr()).isZero();
        assertThat(b.exitCode()).as(b.stderr()).isZero();
        assertThat(db.column("SELECT version || ':' || count(*) FROM flyway_schema_history"
                        + " WHERE version IS NOT NULL GROUP BY version ORDER BY version"))
                .containsExactly("1:1", "2:1", "3:1", "4:1", "5:1", "6:1");
        assertThat(db.scalar("SELECT count(*) FROM flyway_schema_history WHERE NOT success"))
                .isEqualTo(0L);
    }

    @Test
    void failingMigrationIsRolledBackAndExitsFailedNamingTheScriptAndTheDatabaseError() {
        assertThat(db.app("migrate", "--target", "1").run().exitCode()).isZero();
        // V2 adds attempts, then processed_by: a column someone added by hand makes its second statement fail.
        db.execute("ALTER TABLE records ADD COLUMN processed_by TEXT");

        AppProcess.Result result = db.app("migrate").run();

        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
        List<String> errors =
                result.stderr().lines().filter(l -> !l.contains(" INFO ")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst())
                .contains("V2__worker_bookkeeping.sql")
                .contains("column \"processed_by\" of relation \"records\" already exists");
        assertThat(result.all()).doesNotContain("\tat ", "Exception");
        assertThat(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'records'"
                        + " AND column_name = 'attempts'"))
                .as("the first statement of V2 was rolled back too")
                .isEqualTo(0L);
        assertThat(db.column("SELECT version || ':' || success FROM flyway_schema_history WHERE version IS NOT NULL"))
                .containsExactly("1:true");
        assertThat(db.column(
                        "SELECT outcome || ':' || exit_code || ':' || error FROM admin_runs ORDER BY id DESC LIMIT 1"))
                .singleElement()
                .asString()
                .startsWith("failed:1:migration db/migration/V2__worker_bookkeeping.sql failed");
    }

    @Test
    void statusListsAppliedAndPendingWithInstallTimeAndTheReleaseThatAppliedEach() throws Exception {
        assertThat(db.app("migrate", "--target", "1").run().exitCode()).isZero();
        String release = new ObjectMapper()
                .readTree(db.app("version", "--json").run().stdout())
                .get("id")
                .asText();

        AppProcess.Result text = db.app("migrate", "status").run();
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout())
                .containsPattern("(?m)^VERSION +DESCRIPTION +STATE +INSTALLED ON +RELEASE$")
                .containsPattern("(?m)^1 +records and admin runs +success +\\d{4}-\\S+ +"
                        + java.util.regex.Pattern.quote(release) + "$")
                .containsPattern("(?m)^2 +worker bookkeeping +pending +- +-$")
                .containsPattern("(?m)^6 +ledger indexes +pending +- +-$")
                .contains("the database is behind this release: 2, 3, 4, 5, 6 pending");

        JsonNode json = new ObjectMapper()
                .readTree(db.app("migrate", "status", "--output", "json").run().stdout());
        assertThat(json).as("the JSON of the first release: an array of rows").hasSize(6);
        JsonNode rows = json;
        assertThat(rows.get(0).get("release").asText()).isEqualTo(release);
        assertThat(rows.get(0).get("installedOn").asText()).isNotBlank();
        assertThat(rows.get(1).get("state").asText()).isEqualTo("pending");
        assertThat(rows.get(1).get("release").isNull()).isTrue();
    }

    @Test
    void aDatabaseAheadOfThisReleaseIsReportedDistinctlyByCheckAndStatus() throws Exception {
        Path newer = Files.createTempDirectory("newer-release");
        Files.writeString(newer.resolve("V900__from_a_newer_release.sql"), "CREATE TABLE newer_release (id int);\n");
        AppProcess.Result migrated = db.app("migrate")
                .env("APP_MIGRATE_EXTRA_LOCATIONS", newer.toString())
                .run();
        assertThat(migrated.exitCode()).as(migrated.all()).isZero();

        AppProcess.Result check = db.app("migrate", "--check").run();
        assertThat(check.exitCode()).isEqualTo(ExitCode.RELEASE_DRIFT);
        assertThat(check.stderr())
                .contains("the database is ahead of this release: it has applied 900, which release ")
                .contains("does not have (it knows up to 6)")
                .doesNotContain("up to date");

        AppProcess.Result status = db.app("migrate", "status").run();
        assertThat(status.exitCode()).isZero();
        assertThat(status.stdout())
                .containsPattern("(?m)^900 +from a newer release +ahead +\\d{4}-")
                .contains("the database is AHEAD of this release: 900 applied, unknown to release");
        JsonNode json = new ObjectMapper()
                .readTree(db.app("migrate", "status", "--json").run().stdout());
        assertThat(json.get(json.size() - 1).get("version").asText()).isEqualTo("900");
        assertThat(json.get(json.size() - 1).get("state").asText()).isEqualTo("ahead");
    }

    @Test
    void anUnsafeMigrationFailsTheCheckShowsBesideItsSqlAndIsRefusedUnlessAllowed() throws Exception {
        assertThat(db.app("migrate").run().exitCode()).isZero();
        Path extra = Files.createTempDirectory("unsafe");
        Files.writeString(extra.resolve("V7__unsafe.sql"), """
                -- An index on a live table, without CONCURRENTLY.
                CREATE INDEX records_created_at ON records (created_at);
                -- app:lint-ignore drop-column: contract step, no release reads processed_by any more
                ALTER TABLE records DROP COLUMN processed_by;
                """);

        AppProcess.Result check = unsafe(extra, "migrate", "--check");
        assertThat(check.exitCode()).isEqualTo(ExitCode.UNSAFE_MIGRATION);
        assertThat(check.stderr()).contains("unsafe migration pending: ", "V7__unsafe.sql:2 require-concurrent-index");
        assertThat(check.stdout()).contains("safe: CREATE INDEX CONCURRENTLY");

        AppProcess.Result plan = unsafe(extra, "migrate", "--dry-run");
        assertThat(plan.exitCode()).isZero();
        assertThat(plan.stdout())
                .containsPattern("CREATE INDEX records_created_at ON records \\(created_at\\);\\R"
                        + "-- \\^ lint require-concurrent-index \\(line 2\\): ")
                .containsPattern(
                        "DROP COLUMN processed_by;\\R-- \\^ lint drop-column \\(line 4\\) suppressed: contract step")
                .contains("1 lint finding(s) (app migrate refuses them without --allow-unsafe)");

        AppProcess.Result refused = unsafe(extra, "migrate");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.UNSAFE_MIGRATION);
        assertThat(refused.stderr()).contains("refused: unsafe pending migration: ", "--allow-unsafe");
        assertThat(db.scalar("SELECT count(*) FROM flyway_schema_history WHERE version = '7'"))
                .as("nothing applied")
                .isEqualTo(0L);
        assertThat(db.column("SELECT outcome || ':' || exit_code FROM admin_runs ORDER BY id DESC LIMIT 1"))
                .as("refused before doing anything")
                .containsExactly("refused:8");

        AppProcess.Result allowed = unsafe(extra, "migrate", "--allow-unsafe");
        assertThat(allowed.exitCode()).as(allowed.all()).isZero();
        assertThat(allowed.stdout()).contains("applied 7  unsafe");
        JsonNode run = new ObjectMapper().readTree((String)
                db.scalar("SELECT json_build_object('arguments', arguments, 'summary', summary)::text"
                        + " FROM admin_runs ORDER BY id DESC LIMIT 1"));
        assertThat(run.get("arguments")).extracting(JsonNode::asText).contains("--allow-unsafe");
        JsonNode summary = run.get("summary");
        assertThat(summary.get("allowUnsafe").asBoolean()).isTrue();
        assertThat(summary.get("lint").get("findings").get(0).asText())
                .endsWith("V7__unsafe.sql:2 require-concurrent-index");
        assertThat(summary.get("lint").get("suppressed").get(0).get("reason").asText())
                .isEqualTo("contract step, no release reads processed_by any more");
    }

    @Test
    void aMigrationAddedBelowTheSchemaVersionIsPendingEverywhereAndMigrateRefusesIt() throws Exception {
        assertThat(db.app("migrate").run().exitCode()).isZero();
        Path extra = Files.createTempDirectory("out-of-order");
        // Merged after V6 was applied, numbered below it: Flyway calls it IGNORED, never applies it in order.
        Files.writeString(
                extra.resolve("V4_5__added_out_of_order.sql"), "ALTER TABLE records ADD COLUMN late_note TEXT;\n");

        AppProcess.Result check = unsafe(extra, "migrate", "--check");
        assertThat(check.exitCode()).as(check.all()).isEqualTo(ExitCode.SCHEMA_BEHIND);
        assertThat(check.stderr()).contains("schema behind: 1 migration(s) pending: 4.5 (4.5 out of order");

        AppProcess.Result status = unsafe(extra, "migrate", "status");
        assertThat(status.stdout())
                .containsPattern("(?m)^4\\.5 +added out of order +pending \\(out of order\\) +- +-$")
                .contains("the database is behind this release: 4.5 pending");

        AppProcess.Result plan = unsafe(extra, "migrate", "--dry-run");
        assertThat(plan.stdout())
                .contains("-- pending 4.5  added out of order", "OUT OF ORDER", "ADD COLUMN late_note")
                .contains("dry run: 1 migration(s) pending");

        JsonNode lint = new ObjectMapper()
                .readTree(unsafe(extra, "migrate", "lint", "--observed", "--output", "json")
                        .stdout());
        assertThat(lint.get("mode").asText()).isEqualTo("observed");
        JsonNode observed = lint.get("observed");
        assertThat(observed).hasSize(1);
        assertThat(observed.get(0).get("error").isNull())
                .as("the scratch copy was built without 4.5, as the database is: %s", observed.get(0))
                .isTrue();
        assertThat(observed.get(0).get("summary").asText()).contains("ACCESS EXCLUSIVE on records");

        AppProcess.Result refused = unsafe(extra, "migrate");
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(ExitCode.FAILED);
        assertThat(refused.stderr())
                .contains("migration 4.5 (", "was never applied and is older than the schema (6)")
                .contains("give it a version above 6");
        assertThat(db.scalar("SELECT count(*) FROM information_schema.columns WHERE column_name = 'late_note'"))
                .isEqualTo(0L);
        assertThat(db.scalar("SELECT count(*) FROM flyway_schema_history WHERE version = '4.5'"))
                .isEqualTo(0L);

        int port = Http.freePort();
        AppProcess.Running web = db.app()
                .env("QUARKUS_HTTP_PORT", Integer.toString(port))
                .env("APP_MIGRATE_EXTRA_LOCATIONS", extra.toString())
                .start();
        try {
            Http.Response ready = Http.awaitStatus(port, "/q/health/ready", 503, Duration.ofSeconds(90), web);
            assertThat(ready.body())
                    .as("a release whose 4.5 is missing is not ready")
                    .contains("\"pending\": \"4.5\"");
        } finally {
            web.signal("TERM");
            web.await(Duration.ofSeconds(30));
        }
    }

    @Test
    void baselineAdoptsAnExistingDatabaseOnceAndIsRecorded() {
        assertThat(db.app("migrate", "--target", "3").run().exitCode()).isZero();
        db.execute("DROP TABLE flyway_schema_history");

        AppProcess.Result adopted = db.app("migrate", "--baseline", "3").run();

        assertThat(adopted.exitCode()).as(adopted.all()).isZero();
        assertThat(adopted.stdout())
                .contains("baseline 3 recorded")
                .doesNotContain("applied 3 ")
                .contains("applied 4  ledger console formation leases", "schema 3 -> 6 (3 applied)");
        assertThat(db.column("SELECT version || ':' || type FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("3:BASELINE", "4:SQL", "5:SQL", "6:SQL");
        assertThat(db.column("SELECT summary ->> 'baseline' FROM admin_runs WHERE arguments ? '--baseline'"))
                .containsExactly("3");

        AppProcess.Result again = db.app("migrate", "--baseline", "3").run();
        assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(again.stderr()).contains("already has a migration history (schema at 6)");
    }

    @Test
    void repairRemovesTheFailedHistoryRowANonTransactionalMigrationLeft() throws Exception {
        assertThat(db.app("migrate").run().exitCode()).isZero();
        Path extra = Files.createTempDirectory("broken");
        Files.writeString(
                extra.resolve("V7__broken_index.sql"),
                "CREATE INDEX CONCURRENTLY records_nope ON records (no_such_column);\n");

        AppProcess.Result failed = unsafe(extra, "migrate");
        assertThat(failed.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(failed.stderr())
                .contains("V7__broken_index.sql failed outside a transaction")
                .contains("column \"no_such_column\" does not exist")
                .contains("app migrate repair removes its failed history row");
        assertThat(db.column("SELECT version || ':' || success FROM flyway_schema_history WHERE version = '7'"))
                .as("a non-transactional migration leaves a failed row")
                .containsExactly("7:false");

        AppProcess.Result repaired = unsafe(extra, "migrate", "repair");

        assertThat(repaired.exitCode()).as(repaired.all()).isZero();
        assertThat(repaired.stdout()).contains("removed the failed history row of 7 broken index");
        assertThat(db.scalar("SELECT count(*) FROM flyway_schema_history WHERE version = '7'"))
                .isEqualTo(0L);
        assertThat(db.column("SELECT command || ':' || outcome || ':' || (summary -> 'removedFailed' ->> 0)"
                        + " FROM admin_runs ORDER BY id DESC LIMIT 1"))
                .containsExactly("migrate repair:succeeded:7 broken index");
    }

    @Test
    void withNothingPendingMigrateStillValidatesTheHistoryItAgreesWith() {
        assertThat(db.app("migrate").run().exitCode()).isZero();
        AppProcess.Result again = db.app("migrate").run();
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stdout()).contains("(nothing pending)");

        // An applied script edited after the fact: nothing is pending, and the history no longer matches the release.
        db.execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'");
        AppProcess.Result mismatch = db.app("migrate").run();

        assertThat(mismatch.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(mismatch.errorLines())
                .singleElement()
                .asString()
                .contains("app migrate: failed:", "checksum mismatch for migration version 2", "run repair")
                .doesNotContain("Exception");
        assertThat(db.column("SELECT outcome FROM admin_runs WHERE command = 'migrate' ORDER BY id DESC LIMIT 1"))
                .containsExactly("failed");

        assertThat(db.app("migrate", "repair").run().exitCode()).isZero();
        assertThat(db.app("migrate").run().exitCode()).isZero();
    }

    private AppProcess.Result unsafe(Path extra, String... args) {
        return db.app(args).env("APP_MIGRATE_EXTRA_LOCATIONS", extra.toString()).run();
    }
}
