package dev.onebinary.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.FreshDatabase;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The task framework through its first tasks, as real processes against a database of its own. */
class TaskIT {

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @BeforeEach
    void migrateAndAudit() {
        assertThat(db.app("migrate").run().exitCode()).isZero();
        // Every change to a record leaves a row here: proof that no record is changed twice.
        db.execute(
                "CREATE TABLE record_changes (id BIGINT NOT NULL, op TEXT NOT NULL);"
                        + " CREATE FUNCTION audit_records() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN INSERT INTO record_changes VALUES (OLD.id, TG_OP); RETURN NULL; END $$;"
                        + " CREATE TRIGGER audit AFTER UPDATE OR DELETE ON records FOR EACH ROW EXECUTE FUNCTION audit_records()");
    }

    /** {@code n} records; every tenth is invalid ("schema mismatch", or "timeout" for every twentieth). */
    private void seed(int n) {
        db.execute("INSERT INTO records (status, payload, error, updated_at)"
                + " SELECT CASE WHEN i % 10 = 0 THEN 'invalid' WHEN i % 10 = 1 THEN 'pending' ELSE 'processed' END,"
                + " jsonb_build_object('kind', 'order', 'n', i),"
                + " CASE WHEN i % 20 = 0 THEN 'timeout' WHEN i % 10 = 0 THEN 'schema mismatch' END,"
                + " now() - interval '1 day'"
                + " FROM generate_series(1, " + n + ") AS i");
    }

    private long scalar(String sql) {
        return ((Number) db.scalar(sql)).longValue();
    }

    private void assertEveryInvalidRecordFixedExactlyOnce(long invalid) {
        assertThat(scalar("SELECT count(*) FROM records WHERE status = 'invalid'"))
                .isZero();
        assertThat(scalar("SELECT count(DISTINCT id) FROM record_changes")).isEqualTo(invalid);
        assertThat(scalar("SELECT count(*) FROM record_changes"))
                .as("no record changed twice")
                .isEqualTo(invalid);
        assertThat(
                        scalar(
                                "SELECT count(*) FROM records r JOIN record_changes c USING (id)"
                                        + " WHERE r.status <> 'pending' OR r.error IS NOT NULL OR r.updated_at < now() - interval '1 hour'"))
                .isZero();
    }

    @Test
    void dryRunReportsWhatWouldChangeAndChangesNothing() {
        seed(1000);
        AppProcess.Result result = db.app("fix-bad-records", "--dry-run").run();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout())
                .contains("fix-bad-records shard 0/1: dry run, nothing changed")
                .containsPattern("would change +100")
                .contains("first keys    [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]");
        assertThat(scalar("SELECT count(*) FROM record_changes")).isZero();
        assertThat(scalar("SELECT count(*) FROM task_cursors")).isZero();
        assertThat(db.column("SELECT outcome || ' ' || (summary ->> 'wouldChange') FROM admin_runs"
                        + " WHERE command = 'fix-bad-records'"))
                .containsExactly("dry-run 100");
    }

    @Test
    void realRunFixesExactlyTheInvalidRecords() {
        seed(1000);
        AppProcess.Result result =
                db.app("fix-bad-records", "--batch-size", "30").run();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout())
                .contains("fix-bad-records shard 0/1: complete")
                .containsPattern("examined +100")
                .containsPattern("changed +100")
                .containsPattern("batches +4");
        assertEveryInvalidRecordFixedExactlyOnce(100);
        assertThat(db.column("SELECT concat_ws(' ', outcome, exit_code, shard, summary ->> 'changed') FROM admin_runs"
                        + " WHERE command = 'fix-bad-records'"))
                .containsExactly("succeeded 0 0/1 100");
    }

    @Test
    void errorContainsFixesOnlyTheMatchingRecords() {
        seed(1000);
        AppProcess.Result result =
                db.app("fix-bad-records", "--error-contains", "timeout").run();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(scalar("SELECT count(*) FROM records WHERE status = 'invalid' AND error = 'timeout'"))
                .isZero();
        assertThat(scalar("SELECT count(*) FROM records WHERE status = 'invalid' AND error = 'schema mismatch'"))
                .isEqualTo(50);
        assertThat(scalar("SELECT count(*) FROM record_changes")).isEqualTo(50);
    }

    @Test
    void secondRunWhileTheFirstHoldsTheLockExitsLockedNamingTheHolder() throws Exception {
        seed(2000);
        // 200 batches of one record, a second apart: the first run holds the lock for minutes, however slow the
        // machine is to start the second; the test stops it with SIGTERM.
        AppProcess.Running first = db.app("fix-bad-records", "--batch-size", "1", "--throttle", "1s")
                .start();
        awaitChanges(1);
        long holder = scalar("SELECT id FROM admin_runs WHERE command = 'fix-bad-records' AND outcome = 'running'");

        AppProcess.Result second = db.app("fix-bad-records").run();

        assertThat(second.exitCode()).isEqualTo(ExitCode.LOCKED);
        assertThat(second.stderr()).contains("fix-bad-records shard 0/1 is locked by run " + holder + " (release ");
        assertThat(second.elapsed()).isLessThan(Duration.ofSeconds(15));
        assertThat(db.column("SELECT outcome || ' ' || exit_code FROM admin_runs WHERE command = 'fix-bad-records'"
                        + " AND id > " + holder))
                .containsExactly("locked 4");
        first.signal("TERM");
        assertThat(first.await(Duration.ofSeconds(30)).exitCode()).isEqualTo(ExitCode.SIGTERM);
    }

    @Test
    void waitOptionWaitsForTheHolderToFinish() throws Exception {
        seed(1000);
        AppProcess.Running first = db.app("fix-bad-records", "--batch-size", "10", "--throttle", "100ms")
                .start();
        awaitChanges(1);
        AppProcess.Result second = db.app("fix-bad-records", "--wait", "60s").run(Duration.ofSeconds(90));
        assertThat(first.await(Duration.ofSeconds(60)).exitCode()).isZero();
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertEveryInvalidRecordFixedExactlyOnce(100);
    }

    @Test
    void runKilledMidwayResumesAndEveryRecordIsFixedExactlyOnce() throws Exception {
        seed(20_000);
        AppProcess.Running doomed = db.app("fix-bad-records", "--batch-size", "50", "--throttle", "20ms")
                .start();
        awaitChanges(300);
        doomed.signal("KILL");
        doomed.process().waitFor();
        long fixedBeforeKill = scalar("SELECT count(*) FROM record_changes");
        assertThat(fixedBeforeKill).isBetween(300L, 1999L);
        assertThat(scalar("SELECT last_key FROM task_cursors WHERE task = 'fix-bad-records'"))
                .as("the cursor is the last key of the last committed batch")
                .isEqualTo(scalar("SELECT max(id) FROM record_changes"));

        AppProcess.Result resumed =
                db.app("fix-bad-records", "--batch-size", "500").run();

        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        assertThat(resumed.stdout()).contains("complete").containsPattern("started from [1-9]");
        assertEveryInvalidRecordFixedExactlyOnce(2000);
        assertThat(db.column("SELECT outcome FROM admin_runs WHERE command = 'fix-bad-records' ORDER BY id"))
                .containsExactly("running", "succeeded");
    }

    @Test
    void restartStartsOverInsteadOfResuming() {
        seed(1000);
        assertThat(db.app("fix-bad-records", "--limit", "40").run().exitCode()).isZero();
        db.execute("UPDATE records SET status = 'invalid' WHERE id <= 100 AND id % 10 = 0");
        AppProcess.Result resumed = db.app("fix-bad-records", "--limit", "10").run();
        assertThat(resumed.stdout()).contains("cursor         500 (started from 400)");
        AppProcess.Result restarted =
                db.app("fix-bad-records", "--restart", "--limit", "5").run();
        assertThat(restarted.stdout()).contains("cursor         50 (started from 0)");
    }

    @Test
    void shardsInParallelTogetherFixEveryRecordOnce() {
        seed(4000);
        List<AppProcess.Running> shards = IntStream.range(0, 4)
                .mapToObj(i -> db.app("fix-bad-records", "--batch-size", "20")
                        .env("JOB_COMPLETION_INDEX", Integer.toString(i))
                        .env("JOB_COMPLETIONS", "4")
                        .start())
                .toList();
        for (AppProcess.Running shard : shards) {
            AppProcess.Result r = shard.await(Duration.ofSeconds(120));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
        }
        assertEveryInvalidRecordFixedExactlyOnce(400);
        assertThat(db.column("SELECT shard || ' ' || outcome FROM admin_runs WHERE command = 'fix-bad-records'"
                        + " ORDER BY shard"))
                .containsExactly("0/4 succeeded", "1/4 succeeded", "2/4 succeeded", "3/4 succeeded");
    }

    @Test
    void explicitShardTakesOnlyItsKeys() {
        seed(1000);
        assertThat(db.app("fix-bad-records", "--shard", "1/2").run().exitCode()).isZero();
        // Invalid ids are multiples of ten, all even: shard 1/2 (odd ids) has none of them.
        assertThat(scalar("SELECT count(*) FROM record_changes")).isZero();
        assertThat(db.app("fix-bad-records", "--shard", "0/2").run().exitCode()).isZero();
        assertEveryInvalidRecordFixedExactlyOnce(100);
    }

    @Test
    void sigtermFinishesTheBatchExits143AndLeavesAResumableCursor() throws Exception {
        seed(20_000);
        AppProcess.Running run = db.app("fix-bad-records", "--batch-size", "50", "--throttle", "20ms")
                .start();
        awaitChanges(200);
        run.signal("TERM");
        AppProcess.Result stopped = run.await(Duration.ofSeconds(30));

        assertThat(stopped.exitCode()).isEqualTo(ExitCode.SIGTERM);
        assertThat(stopped.stdout()).contains("interrupted by SIGTERM");
        assertThat(db.column(
                        "SELECT concat_ws(' ', outcome, exit_code) FROM admin_runs WHERE command = 'fix-bad-records'"))
                .containsExactly("interrupted 143");
        assertThat(scalar("SELECT last_key FROM task_cursors WHERE NOT complete"))
                .isEqualTo(scalar("SELECT max(id) FROM record_changes"));

        assertThat(db.app("fix-bad-records", "--batch-size", "1000").run().exitCode())
                .isZero();
        assertEveryInvalidRecordFixedExactlyOnce(2000);
    }

    @Test
    void maxDurationStopsCleanlyAfterTheBatchInHand() {
        seed(20_000);
        AppProcess.Result first = db.app(
                        "fix-bad-records", "--batch-size", "10", "--throttle", "100ms", "--max-duration", "1s")
                .run();
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("stopped at --max-duration 1s");
        long fixed = scalar("SELECT count(*) FROM record_changes");
        assertThat(fixed).isBetween(10L, 1999L);
        assertThat(db.app("fix-bad-records").run().exitCode()).isZero();
        assertEveryInvalidRecordFixedExactlyOnce(2000);
    }

    @Test
    void purgeDeletesOnlyProcessedRecordsOlderThanTheAge() {
        db.execute("INSERT INTO records (status, payload, updated_at) VALUES"
                + " ('processed', '{\"n\": 1}', now() - interval '400 days'),"
                + " ('processed', '{\"n\": 2}', now() - interval '300 days'),"
                + " ('invalid', '{\"n\": 3}', now() - interval '400 days'),"
                + " ('pending', '{\"n\": 4}', now() - interval '400 days'),"
                + " ('processed', '{\"n\": 5}', now() - interval '366 days')");
        AppProcess.Result dry =
                db.app("purge-records", "--older-than", "365d", "--dry-run").run();
        assertThat(dry.stdout()).containsPattern("would change +2");
        assertThat(scalar("SELECT count(*) FROM records")).isEqualTo(5);

        AppProcess.Result result =
                db.app("purge-records", "--older-than", "365d").run();

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(db.column("SELECT payload ->> 'n' FROM records ORDER BY id")).containsExactly("2", "3", "4");
        assertThat(db.column("SELECT op || ' ' || count(*) FROM record_changes GROUP BY op"))
                .containsExactly("DELETE 2");
    }

    @Test
    void badOptionValuesExitUsageWithOneLineAndChangeNothing() {
        seed(100);
        for (List<String> args : List.of(
                List.of("fix-bad-records", "--batch-size", "0"),
                List.of("fix-bad-records", "--shard", "4/4"),
                List.of("fix-bad-records", "--throttle", "soon"),
                List.of("fix-bad-records", "--limit", "-3"),
                List.of("purge-records"),
                List.of("purge-records", "--older-than", "a year"))) {
            AppProcess.Result r = db.app(args.toArray(String[]::new)).run();
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            List<String> errors =
                    r.stderr().lines().filter(l -> !l.contains(" INFO ")).toList();
            assertThat(errors).as(String.join(" ", args)).hasSize(1);
        }
        assertThat(scalar("SELECT count(*) FROM record_changes")).isZero();
        assertThat(scalar("SELECT count(*) FROM admin_runs WHERE command <> 'migrate'"))
                .isZero();
    }

    @Test
    void refusesToRunWhileMigrationsArePending() {
        db.execute("DELETE FROM flyway_schema_history WHERE version = '6'");
        AppProcess.Result result = db.app("fix-bad-records").run();
        assertThat(result.exitCode()).isEqualTo(ExitCode.SCHEMA_BEHIND);
        assertThat(result.stderr()).contains("migrations of this release are pending (6)");
    }

    /** Waits until the run under test has changed at least this many records (up to a minute). */
    private void awaitChanges(long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (scalar("SELECT count(*) FROM record_changes") < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
