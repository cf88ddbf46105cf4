package dev.onebinary.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.onebinary.domain.ledger.StatementLog;
import dev.onebinary.domain.ledger.StatementLog.Ending;
import dev.onebinary.support.TestDatabase;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The read-only console against hostile input, in one JVM: every input of {@link #hostile} is fed to a console
 * session, once on the application's own role (the fallback guard) and once on the reader role, and after each one
 * nothing may have changed: data, schema and catalog, the console session's settings, its locks; a victim session
 * of the application's role survives and receives no notification; each statement ends within its timeout, with the
 * expected ending, recorded in the ledger, on one line.
 */
@QuarkusTest
class ReadOnlyConsoleHoldsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final String DB = TestDatabase.NAME;
    /** What COPY ... PROGRAM or COPY ... TO a file would create. */
    private static final String PWNED = "/tmp/console-test-pwned";

    @Inject
    StatementLog log;

    @Inject
    // Instance: other test profiles deactivate Hibernate, and a plain injection point would fail their start.
    Instance<SessionFactory> orm;

    @Inject
    AgroalDataSource dataSource;

    /**
     * One hostile input and how it must end: refused by the console, refused by the server, timed out, or (null) run
     * with no lasting effect.
     */
    record Hostile(ConsoleSession.Language language, String input, Ending ending) {}

    static List<Hostile> hostile(int victim) {
        List<Hostile> cases = new ArrayList<>();
        for (String refused : List.of(
                "COMMIT; DELETE FROM records",
                "ROLLBACK; DELETE FROM records",
                "END; DELETE FROM records",
                "SELECT 1; DELETE FROM records",
                "SELECT '\\'; DELETE FROM records; --'",
                "COMMIT",
                "BEGIN",
                "SET TRANSACTION READ WRITE",
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
                "SET statement_timeout = 0",
                "SET statement_timeout = 0; SELECT pg_sleep(30)",
                "SELECT set_config('statement_timeout', '0', false), pg_sleep(30)",
                "SELECT set_config('default_transaction_read_only', 'off', false)",
                "RESET ALL",
                "SET ROLE app",
                "DO $$ BEGIN LOOP BEGIN PERFORM pg_sleep(30); EXCEPTION WHEN query_canceled THEN NULL; END; END LOOP;"
                        + " END $$",
                "CALL nothing()",
                "LOCK TABLE records IN ACCESS EXCLUSIVE MODE",
                "COPY records TO STDOUT",
                "LISTEN console_test",
                "NOTIFY console_test, 'x'",
                "SELECT pg_notify('console_test', 'x')",
                "PREPARE p AS DELETE FROM records",
                "DECLARE c CURSOR WITH HOLD FOR SELECT * FROM records",
                "VACUUM records",
                "ANALYZE records",
                "CHECKPOINT",
                "ALTER SYSTEM SET work_mem = '1GB'",
                "ALTER ROLE app PASSWORD 'hunter2'",
                "TRUNCATE records",
                "CREATE TABLE sneaky (id int)",
                "DROP TABLE records",
                "SELECT pg_advisory_lock(42)",
                "SELECT pg_catalog.pg_advisory_lock (43)",
                "SELECT * FROM query_to_xml('select pg_advisory_lock(44)', true, true, '')",
                "SELECT pg_terminate_backend(" + victim + ")",
                "SELECT \"pg_terminate_backend\"(" + victim + ")",
                "SELECT U&\"\\0070g_terminate_backend\"(" + victim + ")",
                "SELECT pg_cancel_backend(" + victim + ")",
                "SELECT lo_create(0)",
                "SELECT nextval('records_id_seq')",
                "SELECT setval('records_id_seq', 1)",
                "SELECT pg_read_file('/etc/passwd')",
                "SELECT pg_reload_conf()",
                "ABORT; DELETE FROM records",
                "ABORT",
                "/* hi */ COMMIT; DELETE FROM records",
                "commit/**/;delete from records",
                "SELECT 1 -- ;\n; DELETE FROM records",
                "START TRANSACTION READ WRITE",
                "COMMIT AND CHAIN",
                "SAVEPOINT s",
                "PREPARE TRANSACTION 'console'",
                "SET LOCAL statement_timeout = 0",
                "RESET statement_timeout",
                "DISCARD ALL",
                "SELECT set_config('statement_timeout', '0', true), pg_sleep(30)",
                "WITH s AS (SELECT set_config('work_mem', '1GB', false)) SELECT * FROM s",
                "EXECUTE p",
                "DEALLOCATE ALL",
                "UNLISTEN *",
                "COPY (SELECT 1) TO PROGRAM 'touch " + PWNED + "'",
                "COPY records FROM PROGRAM 'touch " + PWNED + "'",
                "COPY records TO '" + PWNED + "'",
                "CREATE EXTENSION dblink",
                "CREATE EXTENSION postgres_fdw",
                "SELECT dblink_exec('dbname=" + DB + " user=app password=hunter2', 'DELETE FROM records')",
                "SELECT * FROM dblink('dbname=" + DB + "', 'DELETE FROM records RETURNING 1') AS t(x int)",
                "CREATE SERVER escape FOREIGN DATA WRAPPER postgres_fdw",
                "SELECT pg_try_advisory_lock(46)",
                "SELECT pg_advisory_xact_lock(47)",
                "SELECT lo_import('/etc/passwd')",
                "SELECT 1;".repeat(100_000),
                "SELECT '" + "x".repeat(ConsoleSession.MAX_STATEMENT_CHARS) + "'")) {
            cases.add(new Hostile(ConsoleSession.Language.SQL, refused, Ending.REFUSED));
        }
        for (String serverRefuses : List.of(
                "DELETE FROM records",
                "UPDATE records SET status = 'pending'",
                "INSERT INTO records (status, payload) VALUES ('pending', '{}')",
                "WITH d AS (DELETE FROM records RETURNING 1) SELECT count(*) FROM d",
                "SELECT * FROM records FOR UPDATE",
                "SELECT * INTO sneaky FROM records",
                "EXPLAIN ANALYZE DELETE FROM records",
                "MERGE INTO records r USING (SELECT 1 AS id) s ON r.id = s.id WHEN MATCHED THEN DELETE")) {
            cases.add(new Hostile(ConsoleSession.Language.SQL, serverRefuses, Ending.ERROR));
        }
        // Functions already in the database that take a session lock or change a setting: no lasting effect.
        cases.add(new Hostile(ConsoleSession.Language.SQL, "SELECT console_test_sneaky_lock()", null));
        cases.add(new Hostile(ConsoleSession.Language.SQL, "SELECT console_test_sneaky_settings()", null));
        cases.add(new Hostile(ConsoleSession.Language.SQL, "SELECT console_test_sneaky_notify()", null));
        cases.add(new Hostile(
                ConsoleSession.Language.SQL, "SELECT " + "(".repeat(50_000) + "1" + ")".repeat(50_000), Ending.ERROR));
        cases.add(new Hostile(ConsoleSession.Language.SQL, "SELECT pg_sleep(30)", Ending.TIMEOUT));
        cases.add(new Hostile(ConsoleSession.Language.SQL, "SELECT console_test_trap_cancel(30)", Ending.TIMEOUT));
        cases.add(new Hostile(
                ConsoleSession.Language.JPQL, "update RecordEntity r set r.status = 'pending'", Ending.ERROR));
        cases.add(new Hostile(ConsoleSession.Language.JPQL, "delete from RecordEntity r", Ending.ERROR));
        cases.add(new Hostile(
                ConsoleSession.Language.JPQL,
                "select sql('1; commit; delete from records; select 1') from RecordEntity r",
                Ending.REFUSED));
        cases.add(new Hostile(
                ConsoleSession.Language.JPQL,
                "select function('pg_terminate_backend', " + victim + ") from RecordEntity r",
                Ending.REFUSED));
        cases.add(new Hostile(
                ConsoleSession.Language.JPQL,
                "select function('pg_advisory_lock', 45) from RecordEntity r",
                Ending.REFUSED));
        cases.add(new Hostile(
                ConsoleSession.Language.JPQL,
                "select function('set_config', 'statement_timeout', '0', false) from RecordEntity r",
                Ending.REFUSED));
        for (String native_ : List.of(
                "select sql('pg_advisory_lock(46)') from RecordEntity r",
                "select sql('set_config(''statement_timeout'', ''0'', false)') from RecordEntity r",
                "select sql('pg_terminate_backend(" + victim + ")') from RecordEntity r",
                "from RecordEntity r where function('pg_cancel_backend', " + victim + ") = true",
                "select function('pg_notify', 'console_test', 'x') from RecordEntity r",
                "select function('dblink_exec', 'dbname=x', 'delete from records') from RecordEntity r",
                "select function('lo_import', '/etc/passwd') from RecordEntity r",
                "select function('nextval', 'records_id_seq') from RecordEntity r")) {
            cases.add(new Hostile(ConsoleSession.Language.JPQL, native_, Ending.REFUSED));
        }
        return cases;
    }

    @BeforeAll
    static void seedAndTrap() {
        TestDatabase.execute(
                DB,
                "INSERT INTO records (status, payload, error) VALUES"
                        + " ('invalid', '{\"kind\": \"gift\"}', 'kind must be one of order, refund, payout'),"
                        + " ('processed', '{\"kind\": \"order\", \"n\": 1}', NULL)");
        // A function that traps query_canceled, so neither statement_timeout nor a cancel request stops it.
        TestDatabase.execute(
                DB,
                "CREATE OR REPLACE FUNCTION console_test_trap_cancel(seconds int) RETURNS int"
                        + " LANGUAGE plpgsql AS $$ DECLARE n int := 0; BEGIN WHILE n < seconds LOOP BEGIN"
                        + " PERFORM pg_sleep(1); EXCEPTION WHEN query_canceled THEN NULL; END; n := n + 1; END LOOP;"
                        + " RETURN n; END $$");
        // Functions a read-only input may call that try to leave something behind: a session advisory lock, a
        // session setting, a notification.
        TestDatabase.execute(
                DB,
                "CREATE OR REPLACE FUNCTION console_test_sneaky_lock() RETURNS int LANGUAGE sql AS"
                        + " $$ SELECT pg_advisory_lock(49); SELECT 1 $$");
        TestDatabase.execute(
                DB,
                "CREATE OR REPLACE FUNCTION console_test_sneaky_settings() RETURNS int LANGUAGE sql AS"
                        + " $$ SELECT set_config('statement_timeout', '0', false),"
                        + " set_config('work_mem', '1GB', false), set_config('search_path', 'pg_catalog', false);"
                        + " SELECT 1 $$");
        TestDatabase.execute(
                DB,
                "CREATE OR REPLACE FUNCTION console_test_sneaky_notify() RETURNS int LANGUAGE sql AS"
                        + " $$ SELECT pg_notify('console_test', 'x'); SELECT 1 $$");
    }

    @AfterAll
    static void dropTrap() {
        TestDatabase.execute(DB, "DROP FUNCTION IF EXISTS console_test_trap_cancel(int)");
        TestDatabase.execute(DB, "DROP FUNCTION IF EXISTS console_test_sneaky_lock()");
        TestDatabase.execute(DB, "DROP FUNCTION IF EXISTS console_test_sneaky_settings()");
        TestDatabase.execute(DB, "DROP FUNCTION IF EXISTS console_test_sneaky_notify()");
    }

    @Test
    void aReadOnlyConsoleOnTheApplicationsRoleHoldsAgainstEveryHostileInput() throws Exception {
        holds(Target.main(ConfigProvider.getConfig()), "app");
    }

    @Test
    void aReadOnlyConsoleOnTheReaderRoleHoldsAgainstEveryHostileInput() throws Exception {
        DatabaseState.reader(DB).close();
        Target main = Target.main(ConfigProvider.getConfig());
        holds(
                new Target(main.jdbcUrl(), DatabaseState.READER, DatabaseState.READER_PASSWORD, true),
                DatabaseState.READER);
    }

    private void holds(Target target, String role) throws Exception {
        long run = ConsoleRuns.start(DB);
        try (Connection victim = TestDatabase.connect(DB);
                Connection observer = TestDatabase.connect(DB);
                ConsoleSession session = new ConsoleSession(
                        target,
                        new ConsoleSession.Settings(false, TIMEOUT, 100, Duration.ofMinutes(1), 5),
                        log,
                        run,
                        orm::get,
                        new ServerTruth(dataSource))) {
            try (Statement s = victim.createStatement()) {
                s.execute("LISTEN console_test");
            }
            int victimPid = victim.unwrap(PGConnection.class).getBackendPID();
            if (target.reader()) {
                assertThat(ReaderRole.problems(session.connection()))
                        .as("the reader role's own check")
                        .isEmpty();
            } else {
                assertThat(ReaderRole.problems(session.connection()))
                        .as("the application's role can write")
                        .isNotEmpty();
            }
            List<Object> settings = settings(session);
            assertThat(settings.get(2)).isEqualTo(role);
            String data = DatabaseState.data(observer);
            String catalog = DatabaseState.catalog(observer);
            List<Hostile> cases = hostile(victimPid);
            assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
            int seq = 0;
            for (Hostile h : cases) {
                seq++;
                long start = System.nanoTime();
                String shown = h.input().length() > 200 ? h.input().substring(0, 200) + "..." : h.input();
                ConsoleSession.StatementFailed failed = catchThrowableOfType(
                        ConsoleSession.StatementFailed.class, () -> session.execute(h.input(), h.language()));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                if (h.ending() == null) {
                    assertThat(failed).as(shown).isNull();
                } else {
                    assertThat(failed).as(shown).isNotNull();
                    assertThat(failed.ending())
                            .as(shown + ": " + failed.getMessage())
                            .isEqualTo(h.ending());
                    assertThat(failed.getMessage())
                            .as(shown)
                            .doesNotContain("\n", "Exception", "hunter2")
                            .hasSizeLessThan(1000);
                }
                assertThat(took)
                        .as(shown)
                        .isLessThan(TIMEOUT.plus(Watchdog.TERMINATE_AFTER).plusSeconds(3));
                assertThat(DatabaseState.data(observer)).as(shown).isEqualTo(data);
                assertThat(DatabaseState.catalog(observer)).as(shown).isEqualTo(catalog);
                assertThat(DatabaseState.consoleLocks(observer)).as(shown).isEmpty();
                assertThat(settings(session)).as(shown).isEqualTo(settings);
                assertThat(victim.isValid(2)).as(shown).isTrue();
                assertThat(recorded(observer, run, seq))
                        .as(shown)
                        .isEqualTo(
                                h.ending() == null
                                        ? Ending.OK.value()
                                        : h.ending().value());
                assertThat(Files.exists(Path.of(PWNED))).as(shown).isFalse();
            }
            assertThat(victim.unwrap(PGConnection.class).getNotifications(100))
                    .as("no notification reached another session")
                    .isNullOrEmpty();
            assertThat(TestDatabase.column(
                            DB, "SELECT statement FROM admin_run_statements WHERE run_id = " + run + " ORDER BY seq"))
                    .contains("ALTER ROLE app PASSWORD '****'")
                    .noneMatch(s -> s.contains("hunter2"))
                    .allMatch(s -> s.length() < ConsoleSession.RECORDED_HEAD + 100 || !s.startsWith("SELECT 'xxx"));
            Result after = session.execute("SELECT count(*) FROM records", ConsoleSession.Language.SQL);
            assertThat(after.rows())
                    .as("the session still answers after all of it")
                    .hasSize(1);
        }
    }

    /** The console session's own state, read on its connection between statements. */
    private static List<Object> settings(ConsoleSession session) throws SQLException {
        return session.connection()
                .row("SELECT current_setting('statement_timeout'), current_setting('default_transaction_read_only'),"
                        + " current_user, (SELECT count(*) FROM pg_listening_channels()),"
                        + " (SELECT count(*) FROM pg_prepared_statements), (SELECT count(*) FROM pg_cursors),"
                        + " pg_my_temp_schema()::int, current_setting('search_path'), current_setting('work_mem')");
    }

    private static String recorded(Connection observer, long run, int seq) {
        return DatabaseState.column(
                        observer,
                        "SELECT outcome FROM admin_run_statements WHERE run_id = " + run + " AND seq = " + seq)
                .getFirst();
    }
}
