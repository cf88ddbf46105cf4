package dev.onebinary.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onebinary.support.AppProcess;
import dev.onebinary.support.Await;
import dev.onebinary.support.FreshDatabase;
import dev.onebinary.support.Http;
import dev.onebinary.support.RawHttp;
import dev.onebinary.support.TcpProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web process, as a real process, reaches PostgreSQL through a proxy the test cuts: a database restart (every
 * connection killed, the server back at once) costs at most the requests in flight; a longer outage answers 503
 * problems (never a 500), turns readiness DOWN, and once the database is back readiness is UP and every request works
 * again, without a restart of the process.
 */
class DatabaseOutageIT {

    private static final int LOAD_THREADS = 2;
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    /** One request of the load: when it started and ended (System.nanoTime), and its status. */
    record Call(long start, long end, int status, String contentType, String retryAfter) {}

    @Test
    void aRestartCostsAtMostTheRequestsInFlightAndAnOutageOnlyUntilTheDatabaseIsBack() throws Exception {
        try (TcpProxy proxy = TcpProxy.toTestDatabase()) {
            int port = Http.freePort();
            AppProcess.Running web = webProcess(port)
                    .env("DATABASE_URL", proxy.databaseUrl(db.name()))
                    .start();
            try {
                Http.awaitStatus(port, "/q/health/ready", 200, Duration.ofSeconds(60), web);
                long id = submit(port);
                String path = "/records/" + id;

                // A restart: every pooled connection dies, PostgreSQL is back at once.
                long[] restartAt = new long[1];
                List<Call> restart = underLoad(port, path, Duration.ofSeconds(1), () -> {
                    restartAt[0] = System.nanoTime();
                    proxy.cut();
                    proxy.restore();
                    sleep(Duration.ofSeconds(2));
                });
                assertThat(restart.stream().filter(c -> c.start() > restartAt[0]))
                        .as("requests after the restart")
                        .hasSizeGreaterThan(10)
                        .allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
                assertThat(restart.stream().filter(c -> c.status() != 200))
                        .as("a restart costs at most the requests in flight, each a 503")
                        .hasSizeLessThanOrEqualTo(LOAD_THREADS)
                        .allSatisfy(c -> assertThat(c.status()).isEqualTo(503));

                // An outage of a few seconds.
                long[] cutAt = new long[1];
                long[] backAt = new long[1];
                List<Call> outage = underLoad(port, path, Duration.ofMillis(500), () -> {
                    cutAt[0] = System.nanoTime();
                    proxy.cut();
                    Http.awaitStatus(port, "/q/health/ready", 503, Duration.ofSeconds(20), web);
                    sleep(Duration.ofSeconds(3));
                    assertThat(Http.get(port, "/q/health/live").status())
                            .as("liveness does not depend on the database")
                            .isEqualTo(200);
                    proxy.restore();
                    backAt[0] = System.nanoTime();
                    Http.awaitStatus(port, "/q/health/ready", 200, Duration.ofSeconds(20), web);
                    sleep(Duration.ofSeconds(1));
                });
                // A request that finds the database away answers once its connection attempts have failed (about
                // 1 s each, the read tried twice): on a loaded machine that can be after the database is back, so the
                // claim is about what each request got, not about how many ended inside the window.
                assertThat(outage.stream().filter(c -> c.start() > cutAt[0] && c.end() < backAt[0]))
                        .as("requests that started and ended while the database was away")
                        .allSatisfy(DatabaseOutageIT::assertUnavailableProblem);
                // Requests in flight at the cut count too: on a loaded machine the load's two clients can spend the
                // whole outage in requests that began just before it.
                assertThat(outage.stream().filter(c -> c.end() > cutAt[0] && c.start() < backAt[0]))
                        .as("requests during the outage: a 200 before the cut or after the restore, else a 503 problem")
                        .isNotEmpty()
                        .allSatisfy(c -> {
                            if (c.status() != 200 || (c.start() > cutAt[0] && c.end() < backAt[0])) {
                                assertUnavailableProblem(c);
                            }
                        })
                        .anySatisfy(DatabaseOutageIT::assertUnavailableProblem);
                assertThat(outage.stream().filter(c -> c.start() > backAt[0]))
                        .as("requests once the database is back")
                        .isNotEmpty()
                        .allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
                assertThat(outage).noneMatch(c -> c.status() >= 500 && c.status() != 503);
                assertThat(Http.get(port, path).status()).isEqualTo(200);
                assertThat(submit(port)).isGreaterThan(id);
                assertThat(web.stdout() + web.stderr())
                        .as("no request was an unexpected error")
                        .doesNotContain("unexpected error");
                System.out.printf(
                        "database outage: restart: %d requests, %d in 5xx; outage: %d requests, %d in 503%n",
                        restart.size(),
                        restart.stream().filter(c -> c.status() >= 500).count(),
                        outage.size(),
                        outage.stream().filter(c -> c.status() == 503).count());
            } finally {
                stop(web);
            }
        }
    }

    @Test
    void readsRightAfterTheServerEndedEveryPooledConnectionAllSucceed() throws Exception {
        int port = Http.freePort();
        AppProcess.Running web = webProcess(port)
                // The pool checks no connection as it hands it out, however long it was idle: the reads alone must
                // get past every dead one.
                .env("QUARKUS_DATASOURCE_JDBC_FOREGROUND_VALIDATION_INTERVAL", "1H")
                .start();
        try {
            Http.awaitStatus(port, "/q/health/ready", 200, Duration.ofSeconds(60), web);
            String path = "/records/" + submit(port);
            assertThat(concurrently(16, 3, port, path))
                    .as("reads that fill the pool")
                    .allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
            String pooled = "FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'app'";
            int killed = ((Number) db.scalar("SELECT count(pg_terminate_backend(pid)) " + pooled)).intValue();
            assertThat(killed).as("pooled connections the server ended").isGreaterThan(2);
            Await.until(
                    "the ended sessions to be gone",
                    Duration.ofSeconds(10),
                    () -> ((Number) db.scalar("SELECT count(*) " + pooled)).intValue() == 0);

            assertThat(concurrently(16, 3, port, path))
                    .as("reads right after: each finds its way past the dead connections to a new one")
                    .allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
            assertThat(web.stdout() + web.stderr()).doesNotContain("unexpected error");
        } finally {
            stop(web);
        }
    }

    @Test
    void aReadThatFindsNoFreeConnectionInTimeIsA503ProblemNeverA500() throws Exception {
        int port = Http.freePort();
        AppProcess.Running web = webProcess(port)
                .env("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "2")
                .env("APP_DB_CONNECT_TIMEOUT", "1")
                .start();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Http.awaitStatus(port, "/q/health/ready", 200, Duration.ofSeconds(60), web);
            String path = "/records/" + submit(port);
            List<Future<Call>> calls = new ArrayList<>();
            try (Connection lock = db.connect()) {
                lock.setAutoCommit(false);
                lock.createStatement().execute("LOCK TABLE records IN ACCESS EXCLUSIVE MODE");
                // Reads queue behind the lock on the pool's two connections; the others find none free in time.
                for (int i = 0; i < 5; i++) {
                    calls.add(clients.submit(() -> call(port, path)));
                }
                Await.until(
                        "the reads without a connection to be answered",
                        Duration.ofSeconds(30),
                        () -> calls.stream().filter(Future::isDone).count() >= 3);
                lock.rollback();
            }
            List<Call> answered = new ArrayList<>();
            for (Future<Call> c : calls) {
                answered.add(c.get(30, TimeUnit.SECONDS));
            }
            assertThat(answered.stream().filter(c -> c.status() != 200))
                    .as("reads that found no free connection in time")
                    .hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(DatabaseOutageIT::assertUnavailableProblem);
            assertThat(answered.stream().filter(c -> c.status() == 200))
                    .as("reads that waited for the lock on a connection")
                    .isNotEmpty();
            assertThat(Http.get(port, path).status()).isEqualTo(200);
            assertThat(web.stdout() + web.stderr()).doesNotContain("unexpected error");
        } finally {
            stop(web);
        }
    }

    /** The web process on this port, on the fresh database, which it migrates itself (that saves starting one more). */
    private AppProcess webProcess(int port) {
        return db.app().env("QUARKUS_HTTP_PORT", Integer.toString(port)).env("QUARKUS_FLYWAY_MIGRATE_AT_START", "true");
    }

    private static void stop(AppProcess.Running web) {
        web.signal("TERM");
        web.await(Duration.ofSeconds(30));
    }

    /** {@code clients} clients reading the path {@code rounds} times each, all at once; every call made. */
    private static List<Call> concurrently(int clients, int rounds, int port, String path) throws Exception {
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        calls.add(call(port, path));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        start.countDown();
        done.await();
        assertThat(calls).hasSize(clients * rounds);
        return new ArrayList<>(calls);
    }

    private static void assertUnavailableProblem(Call c) {
        assertThat(c.status()).isEqualTo(503);
        assertThat(c.contentType()).startsWith("application/problem+json");
        assertThat(c.retryAfter()).isNotBlank();
    }

    /**
     * Runs the action while {@link #LOAD_THREADS} clients read the path back to back, starting {@code before} ahead of
     * it; returns every call made.
     */
    private static List<Call> underLoad(int port, String path, Duration before, ThrowingRunnable action)
            throws Exception {
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(LOAD_THREADS);
        for (int i = 0; i < LOAD_THREADS; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (running.get()) {
                        calls.add(call(port, path));
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        sleep(before);
        try {
            action.run();
        } finally {
            running.set(false);
            done.await();
        }
        List<Call> sorted = new ArrayList<>(calls);
        sorted.sort((a, b) -> Long.compare(a.start(), b.start()));
        return sorted;
    }

    private static Call call(int port, String path) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = CLIENT.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(15))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Call(
                    start,
                    System.nanoTime(),
                    r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("Retry-After").orElse(""));
        } catch (IOException | InterruptedException e) {
            return new Call(start, System.nanoTime(), 0, "", "");
        }
    }

    private static long submit(int port) throws IOException {
        RawHttp.Response r = RawHttp.send(
                port,
                RawHttp.request(
                        "POST",
                        "/records",
                        Map.of("Content-Type", "application/json"),
                        "{\"payload\":{\"kind\":\"order\",\"n\":1}}".getBytes()));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return Long.parseLong(r.header("Location").substring("/records/".length()));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
