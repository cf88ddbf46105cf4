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
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Write mode in one JVM: every statement is recorded as it runs, and what became of its transaction is what the
 * server did (committed, rolled back, lost with the connection), read back from admin_run_statements and compared
 * with the data itself.
 */
@QuarkusTest
class WriteConsoleLedgerTest {

    private static final String DB = TestDatabase.NAME;

    @Inject
    StatementLog log;

    @Inject
    // Instance: other test profiles deactivate Hibernate, and a plain injection point would fail their start.
    Instance<SessionFactory> orm;

    @Inject
    AgroalDataSource dataSource;

    private String tag;
    private long run;

    @BeforeEach
    void ownRecords() {
        tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        TestDatabase.execute(
                DB,
                "INSERT INTO records (status, payload, error) VALUES"
                        + " ('invalid', '{\"kind\": \"gift\"}', '" + tag + "'), ('invalid', '{\"kind\": \"x\"}', '"
                        + tag + "'),"
                        + " ('processed', '{\"kind\": \"order\"}', '" + tag + "')");
        run = ConsoleRuns.start(DB);
    }

    private ConsoleSession session(Duration idleInTransaction) {
        return new ConsoleSession(
                Target.main(ConfigProvider.getConfig()),
                new ConsoleSession.Settings(true, Duration.ofSeconds(1), 100, idleInTransaction, 5),
                log,
                run,
                orm::get,
                new ServerTruth(dataSource));
    }

    private ConsoleSession session() {
        return session(Duration.ofMinutes(1));
    }

    private Result sql(ConsoleSession s, String statement) {
        return s.execute(statement, ConsoleSession.Language.SQL);
    }

    private long invalid() {
        return (Long) TestDatabase.scalar(
                DB, "SELECT count(*) FROM records WHERE status = 'invalid' AND error = '" + tag + "'");
    }

    /** seq, outcome, rows changed and transaction of each recorded statement. */
    private List<String> recorded() {
        return TestDatabase.column(
                DB,
                "SELECT concat_ws(' ', seq, outcome, rows_returned, rows_changed, transaction) FROM"
                        + " admin_run_statements WHERE run_id = " + run + " ORDER BY seq");
    }

    private void terminateTheConsolesBackend(ConsoleSession s) {
        TestDatabase.execute(DB, "SELECT pg_terminate_backend(" + s.connection().pid() + ")");
    }

    @Test
    void aTypedCommitCommitsAndEveryStatementOfTheTransactionIsRecordedCommitted() {
        try (ConsoleSession s = session()) {
            assertThat(sql(
                                    s,
                                    "UPDATE records SET status = 'pending' WHERE error = '" + tag
                                            + "' AND status = 'invalid'")
                            .changed())
                    .isEqualTo(2);
            assertThat(sql(s, "SELECT 1").rows()).hasSize(1);
            assertThat(sql(s, "COMMIT").message()).isEqualTo("COMMIT");
        }
        assertThat(invalid()).isZero();
        assertThat(recorded()).containsExactly("1 ok 2 committed", "2 ok 1 0 committed", "3 ok committed");
    }

    @Test
    void aStatementWhoseFirstResultIsRowsIsRecordedWithTheRowsItChanged() {
        try (ConsoleSession s = session()) {
            Result r = sql(
                    s,
                    "WITH d AS (DELETE FROM records WHERE error = '" + tag + "' RETURNING 1) SELECT count(*)"
                            + " FROM d");
            assertThat(r.rows()).hasSize(1);
            assertThat(r.written()).isEqualTo(3);
            assertThat(sql(s, "ROLLBACK").message()).isEqualTo("ROLLBACK");
        }
        assertThat(invalid()).isEqualTo(2);
        assertThat(recorded()).containsExactly("1 ok 1 3 rolled back", "2 ok rolled back");
    }

    @Test
    void aFailedStatementIsUndoneAloneAndTheRestCommits() {
        try (ConsoleSession s = session()) {
            sql(s, "UPDATE records SET status = 'pending' WHERE error = '" + tag + "' AND payload ->> 'kind' = 'gift'");
            ConsoleSession.StatementFailed failed = catchThrowableOfType(
                    ConsoleSession.StatementFailed.class,
                    () -> sql(s, "UPDATE records SET status = 'pending' WHERE error = '" + tag + "' AND 1 / 0 = 1"));
            assertThat(failed.ending()).isEqualTo(Ending.ERROR);
            ConsoleSession.StatementFailed timeout =
                    catchThrowableOfType(ConsoleSession.StatementFailed.class, () -> sql(s, "SELECT pg_sleep(30)"));
            assertThat(timeout.ending()).isEqualTo(Ending.TIMEOUT);
            assertThat(s.commit().message()).isEqualTo("COMMIT");
        }
        assertThat(invalid()).isEqualTo(1);
        assertThat(recorded())
                .containsExactly("1 ok 1 committed", "2 error 0 0 rolled back", "3 timeout 0 0 rolled back");
    }

    @Test
    void aLostConnectionRollsTheTransactionBackAndACommitAfterItSaysSo() {
        try (ConsoleSession s = session()) {
            sql(s, "DELETE FROM records WHERE error = '" + tag + "'");
            terminateTheConsolesBackend(s);
            WriteTransaction.Settled settled = s.commit();
            assertThat(settled.failed()).isTrue();
            assertThat(settled.transaction()).isEqualTo(StatementLog.Transaction.ROLLED_BACK);
            assertThat(settled.message()).contains("rolled the transaction back; nothing was committed");
            assertThat(sql(s, "SELECT count(*) FROM records").rows())
                    .as("a new connection for the next statement")
                    .hasSize(1);
        }
        assertThat(invalid()).isEqualTo(2);
        assertThat(recorded().getFirst()).isEqualTo("1 ok 3 rolled back");
    }

    @Test
    void aConnectionLostBetweenStatementsIsReportedWithTheNextOne() {
        try (ConsoleSession s = session()) {
            sql(s, "DELETE FROM records WHERE error = '" + tag + "'");
            terminateTheConsolesBackend(s);
            ConsoleSession.StatementFailed failed =
                    catchThrowableOfType(ConsoleSession.StatementFailed.class, () -> sql(s, "SELECT 1"));
            assertThat(failed.getMessage())
                    .contains("the connection was lost: the server rolled the transaction back")
                    .doesNotContain("\n");
            sql(s, "UPDATE records SET status = 'pending' WHERE error = '" + tag + "' AND payload ->> 'kind' = 'x'");
            s.commit();
        }
        assertThat(invalid()).isEqualTo(1);
        assertThat(recorded()).containsExactly("1 ok 3 rolled back", "2 error 0 0 rolled back", "3 ok 1 committed");
    }

    @Test
    void endingTheSessionWithATransactionOpenRollsItBack() {
        try (ConsoleSession s = session()) {
            s.execute(
                    "update RecordEntity r set r.status = 'pending' where r.error = '" + tag + "'",
                    ConsoleSession.Language.JPQL);
        }
        assertThat(invalid()).isEqualTo(2);
        assertThat(recorded()).containsExactly("1 ok 3 rolled back");
    }

    @Test
    void aTransactionLeftIdleIsEndedByTheServerAndRecordedRolledBack() throws InterruptedException {
        try (ConsoleSession s = session(Duration.ofMillis(500))) {
            sql(s, "DELETE FROM records WHERE error = '" + tag + "'");
            Thread.sleep(1500);
            WriteTransaction.Settled settled = s.commit();
            assertThat(settled.transaction()).isEqualTo(StatementLog.Transaction.ROLLED_BACK);
        }
        assertThat(invalid()).isEqualTo(2);
    }

    @Test
    void writeModeRefusesWhatCannotBeRecordedOrUndoneAndMasksSecrets() {
        try (ConsoleSession s = session()) {
            for (String refused : List.of(
                    "SET statement_timeout = 0",
                    "BEGIN",
                    "SAVEPOINT x",
                    "COMMIT AND CHAIN",
                    "PREPARE TRANSACTION 'x'",
                    "TRUNCATE records",
                    "CREATE TABLE t (i int)",
                    "SELECT * INTO t FROM records",
                    "DO $$ BEGIN DELETE FROM records; END $$",
                    "SELECT setval('records_id_seq', 1)",
                    "SELECT pg_advisory_lock(1)",
                    "ALTER ROLE app PASSWORD 'hunter2'")) {
                assertThat(catchThrowableOfType(ConsoleSession.StatementFailed.class, () -> sql(s, refused))
                                .ending())
                        .as(refused)
                        .isEqualTo(Ending.REFUSED);
            }
            sql(s, "UPDATE records SET payload = '{\"dsn\": \"host=h password=hunter2\"}' WHERE error = '" + tag + "'");
            s.rollback();
        }
        assertThat(TestDatabase.column(
                        DB,
                        "SELECT statement || ' ' || coalesce(error, '') FROM admin_run_statements WHERE run_id = "
                                + run))
                .anyMatch(s -> s.contains("PASSWORD '****'"))
                .anyMatch(s -> s.contains("password=****"))
                .noneMatch(s -> s.contains("hunter2"));
        assertThat(invalid()).isEqualTo(2);
    }
}
