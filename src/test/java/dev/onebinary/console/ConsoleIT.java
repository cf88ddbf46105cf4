package dev.onebinary.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * {@code app console} as real processes, one-shot ({@code -c}), piped and at a pseudo-terminal, on the application's
 * role and on the reader role: hostile input changes nothing and ends on one line with exit 1, signals end the session
 * interrupted with the transaction rolled back, and the ledger tells what the server did. The breadth of hostile input
 * is {@link ReadOnlyConsoleHoldsTest}, in one JVM; these check the promise end to end. One database for the class.
 */
class ConsoleIT {

    private static String db;
    private Connection observer;
    private Connection victim;
    private String data;
    private String catalog;

    @BeforeAll
    static void migrateAndSeed() {
        db = TestDatabase.createEmpty("console_it");
        assertThat(AppProcess.app("migrate").database(db).run().exitCode()).isZero();
        TestDatabase.execute(
                db,
                "INSERT INTO records (status, payload, error) VALUES"
                        + " ('processed', '{\"kind\": \"order\", \"n\": 1}', NULL),"
                        + " ('invalid', '{\"kind\": \"gift\", \"n\": 2}', 'kind must be one of order, refund, payout'),"
                        + " ('processed', '{\"kind\": \"order\", \"n\": 3}', NULL),"
                        + " ('invalid', '{\"kind\": \"order\", \"n\": -4}', 'n must be an integer >= 0'),"
                        + " ('pending', '{\"kind\": \"order\", \"n\": 5}', NULL)");
    }

    @AfterAll
    static void dropDatabase() {
        TestDatabase.drop(db);
    }

    @BeforeEach
    void snapshot() throws Exception {
        observer = TestDatabase.connect(db);
        victim = TestDatabase.connect(db);
        data = DatabaseState.data(observer);
        catalog = DatabaseState.catalog(observer);
    }

    @AfterEach
    void close() throws Exception {
        for (AppProcess.Running p : started) {
            p.process().descendants().forEach(ProcessHandle::destroyForcibly);
            p.process().destroyForcibly();
        }
        observer.close();
        victim.close();
    }

    private void nothingChanged() throws Exception {
        assertThat(DatabaseState.data(observer)).isEqualTo(data);
        assertThat(DatabaseState.catalog(observer)).isEqualTo(catalog);
        assertThat(DatabaseState.consoleLocks(observer)).isEmpty();
        assertThat(victim.isValid(2))
                .as("another session of the application's role")
                .isTrue();
    }

    private static AppProcess app(String... args) {
        return AppProcess.app(args).database(db).env("APP_CONSOLE_HISTORY", "false");
    }

    /** Processes a test started, ended whatever became of the test. */
    private final List<AppProcess.Running> started = new ArrayList<>();

    private AppProcess.Running terminal(AppProcess process) {
        AppProcess.Running running = process.startInTerminal();
        started.add(running);
        return running;
    }

    private static AppProcess console(String... args) {
        List<String> all = new ArrayList<>(List.of("console", "--reason", "ConsoleIT"));
        all.addAll(List.of(args));
        return app(all.toArray(String[]::new));
    }

    private static AppProcess asReader(AppProcess process) {
        return process.env(
                "APP_CONSOLE_DATASOURCE_URL",
                "postgres://" + DatabaseState.READER + ":" + DatabaseState.READER_PASSWORD + "@" + TestDatabase.HOST
                        + ":" + TestDatabase.PORT + "/" + db);
    }

    private List<String> column(String sql) {
        return DatabaseState.column(observer, sql);
    }

    private long lastRun() {
        return Long.parseLong(column("SELECT max(id) FROM admin_runs WHERE command = 'console'")
                .getFirst());
    }

    private List<String> statements(long run) {
        return column("SELECT concat_ws(' ', seq, outcome, transaction) FROM admin_run_statements WHERE run_id = " + run
                + " ORDER BY seq");
    }

    private String outcome(long run) {
        return column("SELECT outcome || ' ' || coalesce(exit_code::text, '-') FROM admin_runs WHERE id = " + run)
                .getFirst();
    }

    /** What a process printed on stderr besides its log lines. */
    private static List<String> errors(AppProcess.Result r) {
        return r.stderr()
                .lines()
                .filter(l -> !l.matches("^\\d{4}-\\d\\d-\\d\\d .*"))
                .toList();
    }

    private int victimPid() throws Exception {
        return victim.unwrap(PGConnection.class).getBackendPID();
    }

    @Test
    void hostileInputEndsOnOneLineWithExitOneAndChangesNothingOnEitherRole() throws Exception {
        for (boolean reader : new boolean[] {false, true}) {
            // Two processes per role, -c and piped stdin: the breadth is ReadOnlyConsoleHoldsTest (in one JVM) and the
            // terminal session below (one process).
            List<AppProcess> processes = List.of(
                    console("--sql", "-c", "SELECT 1", "-c", "COMMIT; DELETE FROM records WHERE id = 1"),
                    console("--sql")
                            .stdin("SELECT count(*) FROM records\nSELECT pg_terminate_backend(" + victimPid()
                                    + ")\nSELECT 1\n"));
            for (AppProcess p : processes) {
                AppProcess.Result r = (reader ? asReader(p) : p).run();
                assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.FAILED);
                assertThat(errors(r)).as(r.all()).singleElement().asString().startsWith("app console: refused: ");
                assertThat(r.all()).doesNotContain("\tat ", "Exception");
                assertThat(outcome(lastRun())).isEqualTo("failed 1");
                nothingChanged();
            }
        }
        AppProcess.Result write =
                asReader(console("--sql", "-c", "DELETE FROM records")).run();
        assertThat(errors(write))
                .singleElement()
                .asString()
                .contains("cannot execute DELETE in a read-only transaction");
        nothingChanged();
    }

    @Test
    void theStatementTimeoutHoldsOnTheReaderRole() throws Exception {
        AppProcess.Result r = asReader(console("--sql", "--statement-timeout", "1s", "-c", "SELECT pg_sleep(20)"))
                .run(Duration.ofSeconds(60));
        assertThat(r.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(errors(r)).singleElement().asString().contains("canceling statement due to statement timeout");
        assertThat(statements(lastRun())).containsExactly("1 timeout");
        // How long the statement ran, as the ledger timed it: the process' own start is no part of the promise.
        assertThat(Long.parseLong(column("SELECT duration_ms FROM admin_run_statements WHERE run_id = " + lastRun())
                        .getFirst()))
                .isBetween(900L, 10_000L);
        nothingChanged();
    }

    @Test
    void aTerminalSessionCarriesOnAfterEachRefusalAndItsHistoryHoldsNoSecret() throws Exception {
        Path history = Files.createTempDirectory("console").resolve("history");
        AppProcess.Running console = terminal(
                console().env("APP_CONSOLE_HISTORY", "true").env("APP_CONSOLE_HISTORY_FILE", history.toString()));
        await(console, "(read-only) jpql> ");
        console.type("select count(r) from RecordEntity r where r.status = 'invalid'\r");
        await(console, "(1 row)");
        console.type("\\sql\r");
        console.type("SELECT 'postgres://u:hunter2@h/db' AS dsn\r");
        awaitCount(console, "(1 row)", 2);
        for (String hostile : List.of(
                "COMMIT; DELETE FROM records",
                "ROLLBACK; DELETE FROM records",
                "END; DELETE FROM records",
                "ABORT; DELETE FROM records",
                "SELECT 1; DELETE FROM records",
                "SET statement_timeout = 0",
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
                "RESET ALL",
                "SELECT set_config('default_transaction_read_only', 'off', false)",
                "CALL nothing()",
                "LISTEN console_it",
                "NOTIFY console_it",
                "PREPARE p AS DELETE FROM records",
                "EXECUTE p",
                "COPY (SELECT 1) TO PROGRAM 'touch /tmp/console-it-pwned'",
                "SELECT pg_terminate_backend(" + victimPid() + ")",
                "SELECT pg_cancel_backend(" + victimPid() + ")",
                "SELECT dblink_exec('dbname=" + db + "', 'DELETE FROM records')",
                "SELECT pg_advisory_lock(1)",
                "DO $$ BEGIN PERFORM pg_sleep(1); END $$",
                "ALTER ROLE app PASSWORD 'hunter2'",
                "DELETE FROM records")) {
            int errorsBefore = count(console.stdout(), "ERROR: ");
            console.type(hostile + "\r");
            awaitCount(console, "ERROR: ", errorsBefore + 1);
        }
        console.type("\\jpql\r");
        int errorsBefore = count(console.stdout(), "ERROR: ");
        console.type("select sql('1; commit; delete from records; select 1') from RecordEntity r\r");
        awaitCount(console, "ERROR: ", errorsBefore + 1);
        console.type("\\sql\r");
        console.type("SELECT pg_sleep(60)\r");
        awaitRunning(lastRun(), 26);
        console.type("\u0003");
        await(console, "canceling statement due to user request");
        console.type("SELECT count(*) AS n FROM records\r");
        await(console, "(read-only) sql> ");
        console.type("\\q\r");
        AppProcess.Result r = console.await(Duration.ofSeconds(30));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout())
                .contains(
                        "Read-only, enforced by PostgreSQL's READ ONLY transaction",
                        "refused by the console's parser only",
                        "ERROR: refused: one statement at a time",
                        "ERROR: refused: pg_advisory_lock()",
                        "ERROR: cannot execute DELETE in a read-only transaction")
                .containsPattern("(?m)^5\\s*$");
        assertThat(statements(lastRun())).contains("26 canceled");
        assertThat(Path.of("/tmp/console-it-pwned")).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(history))
                .contains("SELECT count(*) AS n FROM records", "SELECT pg_advisory_lock(1)")
                .doesNotContain("hunter2");
        nothingChanged();
    }

    @Test
    void theBannerSaysWhichGuardIsInForceAndAReaderThatCanWriteIsRefused() throws Exception {
        AppProcess.Running console = terminal(asReader(console("--sql")));
        await(console, "(read-only) sql> ");
        console.type("SELECT current_user AS who\r");
        await(console, "(1 row)");
        console.type("\\q\r");
        AppProcess.Result r = console.await(Duration.ofSeconds(30));
        assertThat(r.stdout())
                .contains(
                        "Read-only, enforced by PostgreSQL: " + DatabaseState.READER + " is a role that can only read")
                .containsPattern("(?m)^" + DatabaseState.READER + "\\s*$");
        assertThat(column("SELECT summary ->> 'guard' FROM admin_runs WHERE id = " + lastRun()))
                .containsExactly("reader-role");

        AppProcess.Result writer = console("-c", "select 1")
                .env("APP_CONSOLE_DATASOURCE_URL", TestDatabase.databaseUrl(db))
                .run();
        assertThat(writer.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(errors(writer))
                .singleElement()
                .asString()
                .startsWith("app console: the console's reader role app can do more than read: ")
                .doesNotContain("app:app");
    }

    @Test
    void aReasonIsRequiredInProductionAndRecordedMasked() throws Exception {
        AppProcess.Result missing = app("console", "-c", "select 1").run();
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errors(missing)).singleElement().asString().contains("--reason is required");
        assertThat(outcome(lastRun())).isEqualTo("failed 2");
        assertThat(column("SELECT count(*) FROM admin_run_statements WHERE run_id = " + lastRun()))
                .containsExactly("0");

        AppProcess.Result given = app("console", "--reason", "INC-42 token=hunter2", "-c", "select 1")
                .run();
        assertThat(given.exitCode()).as(given.stderr()).isZero();
        assertThat(column("SELECT reason FROM admin_runs WHERE id = " + lastRun()))
                .containsExactly("INC-42 token=****");
    }

    @Test
    void passwordsAreMaskedInTheLedgerAndInAppRunsAndARunReadsStatementByStatement() throws Exception {
        AppProcess.Result r =
                console("--sql", "-c", "ALTER ROLE app PASSWORD 'hunter2'").run();
        assertThat(r.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(r.all()).doesNotContain("hunter2");
        long run = lastRun();
        assertThat(column("SELECT arguments::text || statement FROM admin_runs r JOIN admin_run_statements s"
                        + " ON s.run_id = r.id WHERE r.id = " + run))
                .singleElement()
                .asString()
                .contains("PASSWORD '****'")
                .doesNotContain("hunter2");
        // A row an earlier release stored unmasked is masked when it is printed.
        TestDatabase.execute(
                db,
                "INSERT INTO admin_runs (command, arguments, release, host, os_user, started_at) VALUES ('console',"
                        + " '[\"-c\", \"ALTER ROLE app PASSWORD ''oldsecret''\"]', 'old', 'h', 'u', now())");

        AppProcess.Result list = app("runs", "--command", "console").run();
        assertThat(list.stdout()).contains("PASSWORD '****'").doesNotContain("hunter2", "oldsecret");

        AppProcess.Result one = app("runs", "--id", Long.toString(run)).run();
        assertThat(one.exitCode()).as(one.stderr()).isZero();
        assertThat(one.stdout())
                .contains("reason    ConsoleIT", "outcome   failed (exit 1)", "\"guard\":\"read-only-transaction\"")
                .containsPattern("(?m)^1 .* sql +refused .*ALTER ROLE app PASSWORD '\\*\\*\\*\\*' +-- refused: ")
                .doesNotContain("hunter2");

        JsonNode json = new ObjectMapper()
                .readTree(app("runs", "--id", Long.toString(run), "--output", "json")
                        .run()
                        .stdout());
        assertThat(json.get("run").get("reason").asText()).isEqualTo("ConsoleIT");
        assertThat(json.get("statements").get(0).get("statement").asText()).isEqualTo("ALTER ROLE app PASSWORD '****'");
        assertThat(json.get("statements").get(0).get("outcome").asText()).isEqualTo("refused");
    }

    @Test
    void writeModeRecordsATypedCommitAsCommittedAndWhatExitLeftOpenAsRolledBack() throws Exception {
        AppProcess.Result r = console("--write", "--sql")
                .stdin("UPDATE records SET status = 'pending' WHERE status = 'invalid';\nCOMMIT\n"
                        + "WITH d AS (DELETE FROM records RETURNING 1) SELECT count(*) FROM d\n")
                .run();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("2 row(s) changed", "COMMIT", "(5 row(s) changed)");
        assertThat(column("SELECT count(*) FROM records WHERE status = 'invalid'"))
                .containsExactly("0");
        assertThat(column("SELECT count(*) FROM records")).containsExactly("5");
        long run = lastRun();
        assertThat(statements(run)).containsExactly("1 ok committed", "2 ok committed", "3 ok rolled back");
        assertThat(column("SELECT rows_changed FROM admin_run_statements WHERE run_id = " + run + " ORDER BY seq"))
                .containsExactly("2", null, "5");
        TestDatabase.execute(db, "UPDATE records SET status = 'invalid' WHERE error IS NOT NULL");
    }

    @Test
    void sigtermDuringAStatementCancelsItRollsBackAndEndsInterrupted() throws Exception {
        AppProcess.Running console = console("--write", "--sql")
                .stdin("DELETE FROM records\nSELECT pg_sleep(60)\n")
                .start();
        started.add(console);
        long run = awaitRunning(-1, 2);
        console.signal("TERM");
        AppProcess.Result r = console.await(Duration.ofSeconds(30));
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCode.SIGTERM);
        assertThat(outcome(run)).isEqualTo("interrupted 143");
        assertThat(statements(run)).containsExactly("1 ok rolled back", "2 canceled rolled back");
        nothingChanged();
    }

    @Test
    void sighupFromAClosedTerminalRollsBackAndEndsInterrupted() throws Exception {
        // The terminal goes away: its pseudo-terminal closes and the kernel sends SIGHUP to the console.
        closingTheTerminalMidTransactionRollsBackAndEndsInterrupted(console("--write", "--sql"));
    }

    @Test
    void aClosedTerminalEndsTheSessionInterruptedEvenWhenItsSighupIsNotSeen() throws Exception {
        // SIGHUP ignored (nohup; or its handler not yet run on a busy machine): the terminal itself says it is gone.
        closingTheTerminalMidTransactionRollsBackAndEndsInterrupted(
                console("--write", "--sql").ignoringHangUpSignal());
    }

    private void closingTheTerminalMidTransactionRollsBackAndEndsInterrupted(AppProcess writing) throws Exception {
        AppProcess.Running console = terminal(writing);
        await(console, "(WRITE) sql> ");
        ProcessHandle app = appIn(console);
        console.type("DELETE FROM records\r");
        await(console, "5 row(s) changed");
        long run = lastRun();
        console.process().destroyForcibly();
        assertThat(app.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS).isAlive())
                .isFalse();
        assertThat(outcome(run))
                .as("the run's error: %s; the terminal showed:%n%s", error(run), console.stdout())
                .isEqualTo("interrupted 129");
        assertThat(statements(run)).containsExactly("1 ok rolled back");
        nothingChanged();
    }

    private String error(long run) {
        return column("SELECT coalesce(error, '-') FROM admin_runs WHERE id = " + run)
                .getFirst();
    }

    @Test
    void sigintAndSigtermAtThePromptEndTheSessionInterrupted() throws Exception {
        AppProcess.Running reading = terminal(console());
        await(reading, "(read-only) jpql> ");
        appIn(reading).destroy();
        assertThat(reading.await(Duration.ofSeconds(30)).exitCode()).isEqualTo(ExitCode.SIGTERM);
        assertThat(outcome(lastRun())).isEqualTo("interrupted 143");

        AppProcess.Running writing = terminal(console("--write", "--sql"));
        await(writing, "(WRITE) sql> ");
        writing.type("DELETE FROM records\r");
        await(writing, "5 row(s) changed");
        signal(appIn(writing), "INT");
        assertThat(writing.await(Duration.ofSeconds(30)).exitCode()).isEqualTo(ExitCode.SIGINT);
        assertThat(outcome(lastRun())).isEqualTo("interrupted 130");
        assertThat(statements(lastRun())).containsExactly("1 ok rolled back");
        nothingChanged();
    }

    @Test
    void killDashNineLeavesWhatWasRecordedAndTheServerRollsBack() throws Exception {
        AppProcess.Running console = terminal(console("--write", "--sql"));
        await(console, "(WRITE) sql> ");
        ProcessHandle app = appIn(console);
        console.type("DELETE FROM records\r");
        await(console, "5 row(s) changed");
        long run = lastRun();
        app.destroyForcibly();
        app.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        console.process().destroyForcibly();
        assertThat(outcome(run)).isEqualTo("running -");
        assertThat(statements(run)).containsExactly("1 ok uncommitted");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!column("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'app console'")
                        .equals(List.of("0"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        nothingChanged();
    }

    @Test
    void aLostConnectionIsToldAndRecordedAsTheServerRolledBack() throws Exception {
        AppProcess.Running console = terminal(console("--write", "--sql"));
        await(console, "(WRITE) sql> ");
        console.type("DELETE FROM records\r");
        await(console, "5 row(s) changed");
        TestDatabase.execute(
                db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'app console'");
        console.type("\\commit\r");
        await(console, "nothing was committed");
        console.type("\\q\r");
        assertThat(console.await(Duration.ofSeconds(30)).exitCode()).isZero();
        assertThat(statements(lastRun())).containsExactly("1 ok rolled back");
        nothingChanged();
    }

    @Test
    void oneShotQueriesPrintAsTableCsvOrJson() throws Exception {
        String query = "select r.id, r.status, r.error from RecordEntity r where r.status = 'invalid' order by r.id";
        AppProcess.Result table = console("-c", query).run();
        assertThat(table.exitCode()).as(table.stderr()).isZero();
        assertThat(table.stdout())
                .containsPattern("(?m)^r\\.id \\| r\\.status \\| r\\.error$")
                .containsPattern("(?m)^2    \\| invalid  \\| kind must be one of order, refund, payout$")
                .contains("(2 rows)");

        AppProcess.Result csv = console("--output", "csv", "-c", query).run();
        assertThat(csv.stdout().lines().toList())
                .containsExactly(
                        "r.id,r.status,r.error",
                        "2,invalid,\"kind must be one of order, refund, payout\"",
                        "4,invalid,n must be an integer >= 0");

        AppProcess.Result json = console(
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
    void entityQueriesDescribeAndMaxRows() {
        AppProcess.Result r = console(
                        "--max-rows",
                        "2",
                        "-c",
                        "select r from RecordEntity r where r.status = 'pending'",
                        "-c",
                        "\\d",
                        "-c",
                        "\\d RecordEntity",
                        "-c",
                        "\\d records",
                        "-c",
                        "\\sql",
                        "-c",
                        "SELECT id FROM records")
                .env("POD_NAME", "console-x1")
                .run();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().findFirst().orElseThrow())
                .startsWith("id | ")
                .contains("status", "payload");
        assertThat(r.stdout())
                .contains("\"kind\":\"order\"", "\"n\":5", "(1 row)")
                .containsPattern("entity \\| RecordEntity")
                .containsPattern("(?m)^admin_runs")
                .containsPattern("(?m)^payload +\\| Map")
                .containsPattern("(?m)^status +\\| text +\\| NO")
                .contains("(2 rows)", "only the first 2 rows are shown");
        assertThat(column("SELECT concat_ws(' ', outcome, host, summary ->> 'mode') FROM admin_runs WHERE id = "
                        + lastRun()))
                .containsExactly("succeeded console-x1 read-only");
    }

    @Test
    void badOptionValuesExitUsageAndTheRoleSqlNeedsNoDatabase() {
        assertThat(console("--max-rows", "0").run().exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(console("--output", "xml").run().exitCode()).isEqualTo(ExitCode.USAGE);
        AppProcess.Result zero = console("--statement-timeout", "0s").run();
        assertThat(zero.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errors(zero)).singleElement().asString().contains("--statement-timeout must be more than 0");
        assertThat(outcome(lastRun()))
                .as("a usage error found while running still completes the run's ledger row")
                .isEqualTo("failed 2");

        AppProcess.Result sql = app("console", "--print-role-sql").run();
        assertThat(sql.exitCode()).isZero();
        assertThat(sql.stdout())
                .contains(
                        "CREATE ROLE app_reader LOGIN",
                        "\\password app_reader",
                        "GRANT pg_read_all_data TO app_reader;")
                .doesNotContain("PASSWORD '");
    }

    private static ProcessHandle appIn(AppProcess.Running terminal) throws InterruptedException {
        String launcher = AppProcess.launcher().getFirst();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> app = terminal.process()
                    .toHandle()
                    .descendants()
                    .filter(h -> h.info().command().map(launcher::equals).orElse(false))
                    .findFirst();
            if (app.isPresent()) {
                return app.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + launcher + " under the terminal");
    }

    private static void signal(ProcessHandle process, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .start()
                .waitFor();
    }

    /** Waits for statement {@code seq} of the run (the newest console run when -1) to be running; its run id. */
    private long awaitRunning(long run, int seq) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            long id = run > 0
                    ? run
                    : column("SELECT coalesce(max(id), 0) FROM admin_runs WHERE command = 'console'").stream()
                            .mapToLong(Long::parseLong)
                            .findFirst()
                            .orElse(0);
            if (!column("SELECT 1 FROM admin_run_statements WHERE run_id = " + id + " AND seq = " + seq
                            + " AND outcome = 'running'")
                    .isEmpty()) {
                // No pause before the Ctrl-C that usually follows: the statement may not have reached the server
                // yet, and the console must cancel it all the same.
                return id;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("statement " + seq + " never ran");
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    private static void await(AppProcess.Running process, String text) throws InterruptedException {
        awaitCount(process, text, 1);
    }

    private static void awaitCount(AppProcess.Running process, String text, int times) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count(process.stdout(), text) < times) {
            if (System.nanoTime() > deadline || !process.process().isAlive()) {
                throw new AssertionError(
                        "no " + times + " x \"" + text + "\" in:\n" + process.stdout() + process.stderr());
            }
            Thread.sleep(50);
        }
    }
}
