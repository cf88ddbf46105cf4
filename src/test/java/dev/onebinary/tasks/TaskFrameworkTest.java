package dev.onebinary.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onebinary.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The framework through the in-process seam ({@link Tasks#run}): declared selections over keys of every kind, Java
 * batches, hand-written keysets, hooks, read-only dry runs, and the fence that stops a run that lost its lock.
 */
@QuarkusTest
class TaskFrameworkTest {

    private static final String DB = TestDatabase.NAME;

    @BeforeEach
    void createTables() {
        TestDatabase.execute(
                DB,
                "DROP TABLE IF EXISTS fw_items, fw_log; DELETE FROM task_cursors WHERE task LIKE 'fw-%';"
                        + " DELETE FROM task_leases WHERE task LIKE 'fw-%';"
                        + " CREATE TABLE fw_items (id BIGINT PRIMARY KEY, uid UUID NOT NULL UNIQUE, code TEXT NOT NULL"
                        + " UNIQUE, at TIMESTAMPTZ NOT NULL, flag TEXT NOT NULL, touched INT NOT NULL DEFAULT 0);"
                        + " CREATE TABLE fw_log (id BIGINT NOT NULL, run TEXT NOT NULL);"
                        + " INSERT INTO fw_items (id, uid, code, at, flag) SELECT i, gen_random_uuid(),"
                        + " 'c' || lpad(i::text, 5, '0'), timestamptz '2026-01-01' + (i % 97) * interval '1 hour',"
                        + " CASE WHEN i % 3 = 0 THEN 'bad' ELSE 'ok' END FROM generate_series(1, 3000) i");
    }

    @AfterEach
    void dropTables() {
        TestDatabase.execute(DB, "DROP TABLE IF EXISTS fw_items, fw_log");
    }

    private static long scalar(String sql) {
        return ((Number) TestDatabase.scalar(DB, sql)).longValue();
    }

    /** Marks bad rows touched, keyed by whatever key column(s) the test chooses. */
    @Command(name = "fw-touch")
    static class Touch extends TableTask {
        @Option(names = "--key", split = ",")
        List<String> key = List.of("id");

        @Override
        protected Selection select() {
            return Selection.of("fw_items").key(key.toArray(String[]::new)).where("flag = ?", "bad");
        }

        @Override
        protected Change change() {
            return Change.update("touched = touched + 1");
        }
    }

    @Test
    void declaredSelectionsWalkKeysOfEveryTypeAndTouchEachRowOnce() {
        for (String key : List.of("id", "uid", "code", "at,id")) {
            TestDatabase.execute(
                    DB, "UPDATE fw_items SET touched = 0; DELETE FROM task_cursors WHERE task = 'fw-touch'");
            TaskReport report = Tasks.run(new Touch(), "--key", key, "--batch-size", "37");
            assertThat(report.outcome()).as(key).isEqualTo(TaskOutcome.COMPLETE);
            assertThat(report.changed()).as(key).isEqualTo(1000);
            assertThat(scalar("SELECT count(*) FROM fw_items WHERE flag = 'bad' AND touched = 1"))
                    .as(key)
                    .isEqualTo(1000);
            assertThat(scalar(
                            "SELECT count(*) FROM fw_items WHERE touched <> CASE WHEN flag = 'bad' THEN 1 ELSE 0 END"))
                    .as(key)
                    .isZero();
        }
    }

    @Test
    void shardsOfANonIntegerKeyCoverEveryRowExactlyOnce() {
        for (int i = 0; i < 3; i++) {
            TaskReport report = Tasks.run(new Touch(), "--key", "uid", "--shard", i + "/3");
            assertThat(report.shard()).isEqualTo(i + "/3");
            assertThat(report.changed()).isBetween(200L, 500L);
        }
        assertThat(scalar("SELECT count(*) FROM fw_items WHERE flag = 'bad' AND touched = 1"))
                .isEqualTo(1000);
        assertThat(scalar("SELECT count(*) FROM fw_items WHERE touched > 1")).isZero();
    }

    @Test
    void aStoppedRunResumesAfterItsLastBatchWithACompositeKey() {
        TaskReport first = Tasks.run(new Touch(), "--key", "at,id", "--batch-size", "100", "--limit", "250");
        assertThat(first.outcome()).isEqualTo(TaskOutcome.LIMIT_REACHED);
        assertThat(first.cursor()).isInstanceOf(List.class);
        TaskReport rest = Tasks.run(new Touch(), "--key", "at,id", "--batch-size", "100");
        assertThat(rest.startedFrom()).isEqualTo(first.cursor());
        assertThat(first.changed() + rest.changed()).isEqualTo(1000);
        assertThat(scalar("SELECT count(*) FROM fw_items WHERE touched > 1")).isZero();
    }

    /** A task that does its batch in Java and reports a summary field of its own. */
    @Command(name = "fw-java")
    static class JavaBatches extends TableTask {
        final List<Integer> batchSizes = new ArrayList<>();

        @Override
        protected Selection select() {
            return Selection.of("fw_items").where("flag = 'bad'");
        }

        @Override
        protected int process(Batch batch) throws SQLException {
            try (PreparedStatement ps =
                    batch.connection().prepareStatement("INSERT INTO fw_log SELECT unnest(?), 'java'")) {
                ps.setArray(1, batch.keysArray());
                return ps.executeUpdate();
            }
        }

        @Override
        protected void afterBatch(BatchResult result) {
            batchSizes.add(result.examined());
        }

        @Override
        protected Map<String, Object> afterRun(TaskReport report) {
            return Map.of(
                    "largestBatch",
                    batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0));
        }
    }

    @Test
    void javaBatchesCommitWithTheirCursorAndHooksAddSummaryFields() {
        JavaBatches task = new JavaBatches();
        TaskReport report = Tasks.run(task, "--batch-size", "400");
        assertThat(report.changed()).isEqualTo(1000);
        assertThat(task.batchSizes).containsExactly(400, 400, 200);
        assertThat(report.extra()).containsEntry("largestBatch", 400);
        assertThat(scalar("SELECT count(DISTINCT id) FROM fw_log")).isEqualTo(1000);
        assertThat(scalar("SELECT count(*) FROM fw_log")).isEqualTo(1000);
    }

    /** A hand-written keyset that tries to write while it selects: in a dry run PostgreSQL must refuse. */
    @Command(name = "fw-sneaky")
    static class WritesWhileSelecting extends TableTask {
        @Override
        protected Selection select() {
            return null;
        }

        @Override
        protected List<Long> nextKeys(Connection c, long after, int limit, Shard shard) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO fw_log VALUES (" + after + ", 'sneaky')");
            }
            return after == 0 ? List.of(1L, 2L) : List.of();
        }

        @Override
        protected int process(Batch batch) {
            return batch.keys().size();
        }
    }

    @Test
    void aDryRunIsReadOnlyForPostgreSqlEvenForHandWrittenKeysets() {
        assertThatThrownBy(() -> Tasks.run(new WritesWhileSelecting(), "--dry-run"))
                .rootCause()
                .hasMessageContaining("read-only transaction");
        assertThat(scalar("SELECT count(*) FROM fw_log")).isZero();
        TaskReport real = Tasks.run(new WritesWhileSelecting());
        assertThat(real.changed()).isEqualTo(2);
        assertThat(scalar("SELECT count(*) FROM fw_log WHERE run = 'sneaky'")).isEqualTo(2);
    }

    /** Holds each batch open until the test lets it go, to attack the lock between batches. */
    @Command(name = "fw-slow")
    static class Slow extends TableTask {
        final CountDownLatch firstBatchDone = new CountDownLatch(1);
        final CountDownLatch mayContinue = new CountDownLatch(1);
        String name;

        Slow named(String name) {
            this.name = name;
            return this;
        }

        @Override
        protected Selection select() {
            return Selection.of("fw_items").where("flag = 'bad'");
        }

        @Override
        protected int process(Batch batch) throws SQLException {
            try (PreparedStatement ps = batch.connection().prepareStatement("INSERT INTO fw_log SELECT unnest(?), ?")) {
                ps.setArray(1, batch.keysArray());
                ps.setString(2, name);
                return ps.executeUpdate();
            }
        }

        @Override
        protected void afterBatch(BatchResult result) {
            firstBatchDone.countDown();
            try {
                mayContinue.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aRunWhoseLockConnectionIsTerminatedCommitsNothingMoreAndEndsAsALostConnection() throws Exception {
        Slow stale = new Slow().named("stale");
        CompletableFuture<TaskReport> run =
                CompletableFuture.supplyAsync(() -> Tasks.run(stale, "--batch-size", "100"));
        assertThat(stale.firstBatchDone.await(30, TimeUnit.SECONDS)).isTrue();
        terminateLockHolder("fw-slow");
        stale.mayContinue.countDown();

        TaskReport report = run.get(60, TimeUnit.SECONDS);

        assertThat(report.outcome()).isEqualTo(TaskOutcome.CONNECTION_LOST);
        assertThat(report.outcome().exitCode())
                .as("no run took over: a lost connection")
                .isEqualTo(3);
        assertThat(report.status()).contains("the session holding its lock was closed");
        assertThat(scalar("SELECT count(*) FROM fw_log")).isEqualTo(100);
        assertThat(scalar("SELECT examined FROM task_cursors WHERE task = 'fw-slow'"))
                .isEqualTo(100);
    }

    @Test
    void aStaleRunCannotCommitAfterAnotherRunTookOverItsLock() throws Exception {
        Slow stale = new Slow().named("stale");
        CompletableFuture<TaskReport> staleRun =
                CompletableFuture.supplyAsync(() -> Tasks.run(stale, "--batch-size", "100"));
        assertThat(stale.firstBatchDone.await(30, TimeUnit.SECONDS)).isTrue();
        terminateLockHolder("fw-slow");

        Slow successor = new Slow().named("successor");
        successor.mayContinue.countDown();
        TaskReport taken = Tasks.run(successor, "--batch-size", "100");
        stale.mayContinue.countDown();
        TaskReport staleReport = staleRun.get(60, TimeUnit.SECONDS);

        assertThat(taken.outcome()).isEqualTo(TaskOutcome.COMPLETE);
        assertThat(staleReport.outcome()).isEqualTo(TaskOutcome.LOCK_LOST);
        assertThat(staleReport.outcome().exitCode()).isEqualTo(6);
        assertThat(staleReport.status()).contains("took over");
        assertThat(scalar("SELECT count(*) FROM fw_log WHERE run = 'stale'")).isEqualTo(100);
        assertThat(scalar("SELECT count(*) FROM fw_log"))
                .as("no row handled twice")
                .isEqualTo(1000);
        assertThat(scalar("SELECT count(DISTINCT id) FROM fw_log")).isEqualTo(1000);
    }

    /** Terminates the session holding the task's lock and waits (up to 5 s) until it is gone, as a failover would. */
    private static void terminateLockHolder(String task) {
        TestDatabase.execute(
                DB,
                "SELECT pg_terminate_backend(l.pid, 5000) FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted"
                        + " AND l.classid = " + TaskLock.NAMESPACE + " AND l.objid = "
                        + TaskLock.key(task, Shard.ALL) + " AND l.objsubid = 2");
    }
}
