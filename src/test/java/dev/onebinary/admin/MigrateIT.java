package dev.onebinary.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.FreshDatabase;
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
                .containsPattern("(?m)^applied 6  ledger indexes  \\(\\d+ ms\\)$")
                .containsPattern("(?m)^schema empty -> 6 \\(6 applied\\) by release \\S+\\+\\S+$");
        assertThat(db.column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1", "2", "3", "4", "5", "6");
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
                    .contains("dry run: 6 migration(s) pending, nothing applied");
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
                .containsPattern("(?m)^3 +task cursors +pending +- +-$");

        JsonNode json = new ObjectMapper()
                .readTree(db.app("migrate", "status", "--json").run().stdout());
        assertThat(json).hasSize(6);
        assertThat(json.get(0).get("release").asText()).isEqualTo(release);
        assertThat(json.get(0).get("installedOn").asText()).isNotBlank();
        assertThat(json.get(1).get("state").asText()).isEqualTo("pending");
        assertThat(json.get(1).get("release").isNull()).isTrue();
    }
}
