package dev.onebinary.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.Await;
import dev.onebinary.support.FreshDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code app worker} as real processes, several at once, against a migrated database of its own. */
class WorkerIT {

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @BeforeEach
    void migrate() {
        assertThat(db.app("migrate").run().exitCode()).isZero();
    }

    @Test
    void workerValidatesEachPendingRecordAndOnceExitsZeroWhenDrained() {
        db.execute("INSERT INTO records (status, payload) VALUES"
                + " ('pending', '{\"kind\": \"order\", \"n\": 1}'),"
                + " ('pending', '{\"kind\": \"gift\", \"n\": 1}'),"
                + " ('pending', '{\"kind\": \"refund\", \"n\": -2}'),"
                + " ('pending', '{\"kind\": \"payout\", \"n\": 1.5}'),"
                + " ('pending', '[1, 2]'),"
                + " ('processed', '{\"kind\": \"gift\"}')");

        AppProcess.Result result = db.app("worker", "--once").run();

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("worker drained: 1 processed, 4 invalid");
        assertThat(db.column(
                        "SELECT status || ' | ' || coalesce(error, '-') || ' | ' || attempts FROM records ORDER BY id"))
                .containsExactly(
                        "processed | - | 1",
                        "invalid | kind must be one of order, refund, payout, not \"gift\" | 1",
                        "invalid | n must be an integer >= 0, not -2 | 1",
                        "invalid | n must be an integer >= 0, not 1.5 | 1",
                        "invalid | payload is not a JSON object | 1",
                        "processed | - | 0");
    }

    @Test
    void threeWorkersAtOnceHandleEveryRecordExactlyOnce() {
        db.execute("INSERT INTO records (status, payload) SELECT 'pending',"
                + " jsonb_build_object('kind', 'order', 'n', i) FROM generate_series(1, 20000) AS i");

        List<AppProcess.Running> workers = List.of("worker-a", "worker-b", "worker-c").stream()
                .map(name -> db.app("worker", "--once", "--batch-size", "10", "--concurrency", "2")
                        .env("POD_NAME", name)
                        .start())
                .toList();
        for (AppProcess.Running w : workers) {
            AppProcess.Result r = w.await(Duration.ofSeconds(120));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
        }

        assertThat(db.column(
                        "SELECT status || ':' || attempts || ':' || count(*) FROM records GROUP BY status, attempts"))
                .containsExactly("processed:1:20000");
        assertThat((Long) db.scalar("SELECT count(DISTINCT processed_by) FROM records"))
                .as("the workers really ran side by side")
                .isGreaterThanOrEqualTo(2L);
    }

    @Test
    void sigtermFinishesTheBatchInHandAndExitsZeroLeavingNothingHalfDone() throws Exception {
        db.execute("INSERT INTO records (status, payload) SELECT 'pending',"
                + " jsonb_build_object('kind', 'order', 'n', i) FROM generate_series(1, 200000) AS i");
        AppProcess.Running worker = db.app("worker", "--batch-size", "200").start();
        Await.until(
                "the worker's first batch",
                Duration.ofSeconds(60),
                () -> (Long) db.scalar("SELECT count(*) FROM records WHERE status <> 'pending'") > 0);
        long sent = System.nanoTime();
        worker.signal("TERM");
        AppProcess.Result result = worker.await(Duration.ofSeconds(30));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.stdout()).contains("worker stopped by SIGTERM");
        assertThat(db.scalar("SELECT count(*) FROM records WHERE status = 'pending'"))
                .as("SIGTERM came long before the end")
                .isNotEqualTo(0L);
        assertThat(db.scalar("SELECT count(*) FROM records WHERE (status = 'pending') <> (attempts = 0)"
                        + " OR (status <> 'pending' AND (attempts <> 1 OR processed_by IS NULL))"))
                .as("every record is either untouched or completely handled")
                .isEqualTo(0L);
    }

    @Test
    void workerRunsWhileAnotherProcessHoldsTheHttpPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AppProcess.Result result = db.app("worker", "--once")
                    .env("QUARKUS_HTTP_PORT", Integer.toString(taken.getLocalPort()))
                    .run();
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.all()).contains("process=worker");
        }
    }

    @Test
    void badOptionValuesExitUsageWithOneLine() {
        AppProcess.Result zero = db.app("worker", "--batch-size", "0").run();
        assertThat(zero.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(zero.stderr()).contains("--batch-size must be at least 1, not 0");

        AppProcess.Result poll = db.app("worker", "--poll-interval", "soon").run();
        assertThat(poll.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(poll.stderr()).contains("--poll-interval", "'soon' is not a duration like 500ms");
    }
}
