package dev.onebinary.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.FreshDatabase;
import dev.onebinary.support.Http;
import dev.onebinary.support.TcpProxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code app worker} as a real process, reaching PostgreSQL through a proxy the test cuts, while records keep arriving
 * (written straight to PostgreSQL, as the web process would): the worker rides out each outage, logs one line when it
 * starts and one when it ends, and in the end every record was handled exactly once.
 */
class WorkerOutageIT {

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @Test
    void workerRidesOutTwoOutagesUnderAStreamOfInsertsAndHandlesEveryRecordExactlyOnce() throws Exception {
        try (TcpProxy proxy = TcpProxy.toTestDatabase()) {
            AppProcess.Running worker = db.app(
                            "worker", "--batch-size", "20", "--concurrency", "2", "--poll-interval", "100ms")
                    .env("DATABASE_URL", proxy.databaseUrl(db.name()))
                    // The fresh database is migrated by the process itself, which saves starting one more.
                    .env("QUARKUS_FLYWAY_MIGRATE_AT_START", "true")
                    .start();
            awaitMigrated(worker);
            AtomicBoolean inserting = new AtomicBoolean(true);
            AtomicLong inserted = new AtomicLong();
            AtomicReference<Throwable> insertFailure = new AtomicReference<>();
            Thread stream = Thread.ofVirtual().start(() -> {
                try {
                    while (inserting.get()) {
                        db.execute("INSERT INTO records (status, payload) SELECT 'pending',"
                                + " jsonb_build_object('kind', 'order', 'n', i) FROM generate_series(1, 20) AS i");
                        inserted.addAndGet(20);
                        Thread.sleep(20);
                    }
                } catch (Throwable e) {
                    insertFailure.set(e);
                }
            });
            try {
                awaitHandled(2_000, worker);
                for (int outage = 1; outage <= 2; outage++) {
                    proxy.cut();
                    Thread.sleep(Duration.ofMillis(500));
                    long handledBefore = handled();
                    Thread.sleep(Duration.ofMillis(2_500));
                    assertThat(handled())
                            .as("nothing is handled while the database is away")
                            .isEqualTo(handledBefore);
                    proxy.restore();
                    awaitHandled(handledBefore + 1_000, worker);
                }
            } finally {
                inserting.set(false);
                stream.join();
            }
            assertThat(insertFailure.get()).isNull();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (pending() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            worker.signal("TERM");
            AppProcess.Result result = worker.await(Duration.ofSeconds(30));

            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCode.OK);
            assertThat(db.column("SELECT status || ':' || attempts || ':' || count(*) FROM records"
                            + " GROUP BY status, attempts ORDER BY 1"))
                    .as("every record handled exactly once, none left pending")
                    .containsExactly("processed:1:" + inserted.get());
            String log = result.stdout() + result.stderr();
            assertThat(log.lines().filter(l -> l.contains("worker: lost the database")))
                    .as("one line per outage when it starts")
                    .hasSize(2)
                    .allSatisfy(l ->
                            assertThat(l).contains("cannot reach the database").doesNotContain("app:app"));
            assertThat(log.lines().filter(l -> l.contains("worker: the database is back after")))
                    .as("and one when it ends")
                    .hasSize(2);
            assertThat(log).doesNotContain("\tat ", "Exception");
            System.out.printf("worker outages: %d records, each handled once%n", inserted.get());
        }
    }

    @Test
    void aDatabaseUnreachableFromTheStartEndsTheWorkerWithExitThreeAfterTheConnectTimeout() throws Exception {
        int closedPort = Http.freePort();
        AppProcess.Result result = db.app("worker")
                .env("DATABASE_URL", "postgres://app:app@127.0.0.1:" + closedPort + "/" + db.name())
                .env("APP_DB_CONNECT_TIMEOUT", "2")
                .run(Duration.ofSeconds(60));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(result.stderr())
                .contains("cannot reach the database at 127.0.0.1:" + closedPort)
                .doesNotContain("\tat ", "app:app");
    }

    private void awaitMigrated(AppProcess.Running worker) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (db.column("SELECT to_regclass('records')::text").getFirst() == null) {
            if (!worker.process().isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the worker never migrated:\n" + worker.stdout() + worker.stderr());
            }
            Thread.sleep(100);
        }
    }

    private long handled() {
        return (Long) db.scalar("SELECT count(*) FROM records WHERE status <> 'pending'");
    }

    private long pending() {
        return (Long) db.scalar("SELECT count(*) FROM records WHERE status = 'pending'");
    }

    private void awaitHandled(long count, AppProcess.Running worker) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (handled() < count) {
            if (!worker.process().isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the worker handled " + handled() + " of " + count + "; alive: "
                        + worker.process().isAlive() + "\n" + worker.stdout() + worker.stderr());
            }
            Thread.sleep(50);
        }
    }
}
