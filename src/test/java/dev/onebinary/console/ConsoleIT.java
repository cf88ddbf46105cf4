package dev.onebinary.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.FreshDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code app console} as real processes: one-shot, piped, and at a pseudo-terminal. */
class ConsoleIT {

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @BeforeEach
    void migrateAndSeed() {
        assertThat(db.app("migrate").run().exitCode()).isZero();
        db.execute("INSERT INTO records (status, payload, error) VALUES"
                + " ('processed', '{\"kind\": \"order\", \"n\": 1}', NULL),"
                + " ('invalid', '{\"kind\": \"gift\", \"n\": 2}', 'kind must be one of order, refund, payout'),"
                + " ('processed', '{\"kind\": \"order\", \"n\": 3}', NULL),"
                + " ('invalid', '{\"kind\": \"order\", \"n\": -4}', 'n must be an integer >= 0'),"
                + " ('pending', '{\"kind\": \"order\", \"n\": 5}', NULL)");
    }

    private String counts() {
        return String.join(
                        ",", db.column("SELECT status || '=' || count(*) FROM records GROUP BY status ORDER BY status"))
                + " tables=" + db.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
                + " seq=" + db.scalar("SELECT last_value FROM records_id_seq");
    }

    @Test
    void readOnlyConsoleRefusesEveryKindOfWriteAndNothingChanges() {
        String before = counts();
        for (String write : List.of(
                "INSERT INTO records (status, payload) VALUES ('pending', '{}')",
                "UPDATE records SET status = 'pending'",
                "DELETE FROM records",
                "TRUNCATE records",
                "CREATE TABLE sneaky (id int)",
                "SELECT nextval('records_id_seq')")) {
            AppProcess.Result r = db.app("console", "--sql", "-c", write).run();
            assertThat(r.exitCode()).as(write).isEqualTo(ExitCode.FAILED);
            assertThat(r.stderr().lines().filter(l -> !l.contains(" INFO ")).toList())
                    .as(write)
                    .singleElement()
                    .asString()
                    .contains("read-only transaction");
        }
        AppProcess.Result jpql = db.app("console", "-c", "update RecordEntity r set r.status = 'pending'")
                .run();
        assertThat(jpql.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(jpql.stderr()).contains("read-only transaction");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void writeModeCommitsAndRecordsEachChangingStatementInTheLedger() throws Exception {
        AppProcess.Result r = db.app("console", "--write")
                .stdin(
                        "\\sql\nUPDATE records SET status = 'pending', error = NULL WHERE status = 'invalid';\n\\commit\n")
                .run();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("2 row(s) changed", "COMMIT");
        assertThat(db.scalar("SELECT count(*) FROM records WHERE status = 'invalid'"))
                .isEqualTo(0L);

        JsonNode summary = new ObjectMapper()
                .readTree((String) db.scalar("SELECT summary::text FROM admin_runs WHERE command = 'console'"));
        assertThat(summary.get("mode").asText()).isEqualTo("write");
        JsonNode change = summary.get("statements").get(0);
        assertThat(change.get("statement").asText())
                .isEqualTo("UPDATE records SET status = 'pending', error = NULL WHERE status = 'invalid'");
        assertThat(change.get("rows").asInt()).isEqualTo(2);
        assertThat(change.get("status").asText()).isEqualTo("committed");
        assertThat(db.column("SELECT arguments::text || ' ' || release FROM admin_runs WHERE command = 'console'"))
                .singleElement()
                .asString()
                .startsWith("[\"--write\"] ");
    }

    @Test
    void writeModeRollsBackOnRequestAndOnExit() throws Exception {
        String before = counts();
        AppProcess.Result rolledBack = db.app("console", "--write")
                .stdin("delete from RecordEntity r where r.status = 'processed'\n\\rollback\n")
                .run();
        assertThat(rolledBack.exitCode()).as(rolledBack.stderr()).isZero();
        assertThat(rolledBack.stdout()).contains("2 row(s) changed", "ROLLBACK");

        AppProcess.Result leftOpen = db.app("console", "--write", "--sql", "-c", "DELETE FROM records")
                .run();
        assertThat(leftOpen.exitCode()).isZero();
        assertThat(leftOpen.stdout()).contains("5 row(s) changed");

        assertThat(counts()).isEqualTo(before);
        assertThat(db.column("SELECT s ->> 'status' FROM admin_runs, jsonb_array_elements(summary -> 'statements') s"
                        + " WHERE command = 'console' ORDER BY id"))
                .containsExactly("rolled back", "rolled back");
    }

    @Test
    void statementTimeoutCancelsAStatementThatRunsTooLong() {
        AppProcess.Result r = db.app("console", "--sql", "--statement-timeout", "1s", "-c", "SELECT pg_sleep(20)")
                .run(Duration.ofSeconds(60));
        assertThat(r.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(r.stderr()).contains("canceling statement due to statement timeout");
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void oneShotQueriesPrintAsTableCsvOrJson() throws Exception {
        String query = "select r.id, r.status, r.error from RecordEntity r where r.status = 'invalid' order by r.id";
        AppProcess.Result table = db.app("console", "-c", query).run();
        assertThat(table.exitCode()).as(table.stderr()).isZero();
        assertThat(table.stdout())
                .containsPattern("(?m)^r\\.id \\| r\\.status \\| r\\.error$")
                .containsPattern("(?m)^2    \\| invalid  \\| kind must be one of order, refund, payout$")
                .contains("(2 rows)");

        AppProcess.Result csv =
                db.app("console", "--output", "csv", "-c", query).run();
        assertThat(csv.stdout().lines().toList())
                .containsExactly(
                        "r.id,r.status,r.error",
                        "2,invalid,\"kind must be one of order, refund, payout\"",
                        "4,invalid,n must be an integer >= 0");

        AppProcess.Result json = db.app(
                        "console",
                        "--output",
                        "json",
                        "--sql",
                        "-c",
                        "SELECT id, payload FROM records WHERE status = 'invalid' ORDER BY id")
                .run();
        JsonNode rows = new ObjectMapper().readTree(json.stdout());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("payload").get("kind").asText()).isEqualTo("gift");
    }

    @Test
    void entityQueriesShowTheEntityAttributes() {
        AppProcess.Result r = db.app("console", "-c", "select r from RecordEntity r where r.status = 'pending'")
                .run();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().findFirst().orElseThrow())
                .startsWith("id | ")
                .contains("status", "payload");
        assertThat(r.stdout()).contains("\"kind\":\"order\"", "\"n\":5", "(1 row)");
    }

    @Test
    void pipedStatementsRunWithoutAPromptAndStopAtTheFirstError() {
        AppProcess.Result r = db.app("console")
                .stdin(
                        "select count(r) from RecordEntity r\nselect n from Nowhere n\nselect count(r) from RecordEntity r\n")
                .run();
        assertThat(r.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(r.stdout()).doesNotContain("jpql>").containsOnlyOnce("(1 row)");
        List<String> errors =
                r.stderr().lines().filter(l -> !l.contains(" INFO ")).toList();
        assertThat(errors)
                .singleElement()
                .asString()
                .startsWith("app console: ")
                .contains("Nowhere");
        assertThat(r.all()).doesNotContain("\tat ", "Exception");
    }

    @Test
    void maxRowsCapsALongResultWithANote() {
        AppProcess.Result r = db.app("console", "--max-rows", "2", "--sql", "-c", "SELECT id FROM records")
                .run();
        assertThat(r.stdout()).contains("(2 rows)", "only the first 2 rows are shown");
    }

    @Test
    void describeListsEntitiesAndTablesAndDescribesOne() {
        AppProcess.Result r = db.app("console", "-c", "\\d", "-c", "\\d RecordEntity", "-c", "\\d records")
                .run();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout())
                .containsPattern("entity \\| RecordEntity")
                .containsPattern("(?m)^admin_runs")
                .containsPattern("(?m)^payload +\\| Map")
                .containsPattern("(?m)^payload +\\| jsonb");
    }

    @Test
    void openingAConsoleIsARecordedRun() {
        assertThat(db.app("console", "-c", "select count(r) from RecordEntity r")
                        .env("POD_NAME", "console-x1")
                        .run()
                        .exitCode())
                .isZero();
        assertThat(db.column("SELECT concat_ws(' ', outcome, host, summary ->> 'mode') FROM admin_runs"
                        + " WHERE command = 'console'"))
                .containsExactly("succeeded console-x1 read-only");
    }

    @Test
    void badOptionValuesExitUsage() {
        assertThat(db.app("console", "--max-rows", "0").run().exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(db.app("console", "--output", "xml").run().exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(db.app("console", "--statement-timeout", "forever").run().exitCode())
                .isEqualTo(ExitCode.USAGE);
        AppProcess.Result zero = db.app("console", "--statement-timeout", "0s").run();
        assertThat(zero.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(zero.stderr()).contains("--statement-timeout must be more than 0");
        assertThat(db.column("SELECT outcome || ' ' || exit_code FROM admin_runs WHERE command = 'console'"))
                .as("a usage error found while running still completes the run's ledger row")
                .containsExactly("failed 2");
    }

    @Test
    void interactiveSessionAtATerminalShowsThePromptCarriesOnAfterAnErrorAndCtrlCCancelsTheStatement()
            throws Exception {
        AppProcess.Running console = db.app("console").startInTerminal();
        awaitOutput(console, "(read-only) jpql> ");
        console.type("select count(r) from RecordEntity r where r.status = 'invalid'\r");
        awaitOutput(console, "(1 row)");
        console.type("\\sql\r");
        console.type("DELETE FROM records\r");
        awaitOutput(console, "read-only transaction");
        console.type("SELECT count(*) AS n FROM records\r");
        awaitOutput(console, "(read-only) sql> ");
        console.type("SELECT pg_sleep(60)\r");
        Thread.sleep(1500);
        console.type("\u0003");
        awaitOutput(console, "canceling statement due to user request");
        console.type("\\q\r");
        AppProcess.Result r = console.await(Duration.ofSeconds(30));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout())
                .contains("Connected to PostgreSQL", "read-only: PostgreSQL refuses every write")
                .containsPattern("(?m)^5\\s*$");
        assertThat(db.scalar("SELECT count(*) FROM records")).isEqualTo(5L);
    }

    private static void awaitOutput(AppProcess.Running process, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!process.stdout().contains(text)) {
            if (System.nanoTime() > deadline || !process.process().isAlive()) {
                throw new AssertionError("no \"" + text + "\" in:\n" + process.stdout() + process.stderr());
            }
            Thread.sleep(50);
        }
    }
}
