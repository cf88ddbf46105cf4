package dev.onebinary.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.FreshDatabase;
import dev.onebinary.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lock-queue outage, staged for real: a session holds a lock on {@code records} in an open transaction, a
 * migration needs ACCESS EXCLUSIVE on it, and a web process serves {@code GET /records/{id}} throughout.
 */
class MigrationLockIT {

    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration BACKOFF = Duration.ofMillis(500);
    private static final int ATTEMPTS = 3;
    /** What a loaded CI machine adds on top of a timeout: scheduling, a JVM pause, a slow connection. */
    private static final Duration MARGIN = Duration.ofSeconds(2);
    /** How long the requests run before the migration starts: the machine's own slowness, measured. */
    private static final Duration BASELINE = Duration.ofSeconds(3);

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    @Test
    void aBlockedMigrationGivesUpNamingTheBlockerWhileTheWebProcessKeepsAnswering() throws Exception {
        assertThat(db.app("migrate").run().exitCode()).isZero();
        db.execute("INSERT INTO records (status, payload) VALUES ('pending', '{\"kind\": \"order\", \"n\": 1}')");
        long id = (Long) db.scalar("SELECT max(id) FROM records");
        Path extra = Files.createTempDirectory("lock-queue");
        Files.writeString(extra.resolve("V7__records_note.sql"), "ALTER TABLE records ADD COLUMN note TEXT;\n");

        int port = Http.freePort();
        AppProcess.Running web =
                db.app().env("QUARKUS_HTTP_PORT", Integer.toString(port)).start();
        try (Connection blocker = db.connect()) {
            Http.awaitStatus(port, "/q/health/ready", 200, Duration.ofSeconds(90), web);
            int blockerPid = holdAccessShareOnRecords(blocker);
            Requests requests = Requests.start(port, "/records/" + id);
            Thread.sleep(BASELINE.toMillis());
            long baseline = requests.slowestSoFar();

            AppProcess.Running migrate = migrate(extra).start();
            Instant waitingSince = awaitMigrationWaiting(migrate);
            AppProcess.Result blocked = migrate.await(Duration.ofSeconds(180));
            List<Long> latencies = requests.stop();

            assertThat(blocked.exitCode()).as(blocked.all()).isEqualTo(ExitCode.MIGRATION_BLOCKED);
            Duration gaveUpAfter = Duration.between(waitingSince, loggedAt(blocked.stderr(), "giving up"));
            long slowest = latencies.stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf(
                    "lock queue: migrate gave up %d ms after it first waited; %d GET requests, slowest %d ms"
                            + " (%d ms before the migration started)%n",
                    gaveUpAfter.toMillis(), latencies.size(), slowest, baseline);
            Duration budget = LOCK_TIMEOUT.plus(MARGIN).multipliedBy(ATTEMPTS).plus(BACKOFF.multipliedBy(3));
            assertThat(gaveUpAfter)
                    .as("gave up within the lock timeout x attempts, plus margins")
                    .isLessThan(budget);
            List<String> attempts = blocked.stderr()
                    .lines()
                    .filter(l -> l.contains("V7__records_note.sql: attempt "))
                    .toList();
            assertThat(attempts).hasSize(ATTEMPTS);
            assertThat(attempts).allSatisfy(l -> assertThat(l)
                    .contains("waited for ACCESS EXCLUSIVE on records")
                    .contains("pid " + blockerPid + " (lock-queue-blocker, idle in transaction, ")
                    .contains("SELECT count(*) FROM records"));
            assertThat(attempts.getLast()).endsWith("giving up");
            String last = blocked.stderr().lines().toList().getLast();
            assertThat(last)
                    .startsWith("app migrate: migration ")
                    .contains("blocked: no lock within 2s on 3 attempt(s)")
                    .contains("pid " + blockerPid + " (lock-queue-blocker")
                    .contains("nothing applied, schema stays at 6");
            assertThat(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'records'"
                            + " AND column_name = 'note'"))
                    .isEqualTo(0L);
            assertThat(db.scalar("SELECT count(*) FROM flyway_schema_history WHERE version = '7'"))
                    .isEqualTo(0L);
            JsonNode run = new ObjectMapper()
                    .readTree((String) db.scalar("SELECT json_build_object('outcome', outcome, 'exit', exit_code,"
                            + " 'error', error, 'summary', summary, 'context', context)::text FROM admin_runs"
                            + " ORDER BY id DESC LIMIT 1"));
            assertThat(run.get("exit").asInt()).isEqualTo(ExitCode.MIGRATION_BLOCKED);
            assertThat(run.get("error").asText()).contains("blocked by pid " + blockerPid);
            JsonNode who = run.get("summary").get("blocked").get("blockers").get(0);
            assertThat(who.get("pid").asInt()).isEqualTo(blockerPid);
            assertThat(who.get("applicationName").asText()).isEqualTo("lock-queue-blocker");
            assertThat(run.get("summary").get("blocked").get("attempts").asInt())
                    .isEqualTo(ATTEMPTS);
            assertThat(run.get("context").get("blockers").get(0).get("pid").asInt())
                    .as("the run's context keeps who blocked it too")
                    .isEqualTo(blockerPid);

            assertThat(latencies).as("the web process answered throughout").hasSizeGreaterThan(10);
            assertThat(slowest)
                    .as("a reader queued behind the waiting ALTER TABLE (so the queue was real), for no longer than"
                            + " the lock timeout plus a margin plus the slowest answer before the migration")
                    .isGreaterThan(LOCK_TIMEOUT.toMillis() / 2)
                    .isLessThan(LOCK_TIMEOUT.plus(MARGIN).toMillis() + baseline);
            assertThat(requests.failures()).isEmpty();

            blocker.rollback();
            AppProcess.Result applied = migrate(extra).run();
            assertThat(applied.exitCode()).as(applied.all()).isZero();
            assertThat(applied.stdout()).contains("applied 7  records note");
            assertThat(Http.get(port, "/records/" + id).status()).isEqualTo(200);
        } finally {
            web.signal("TERM");
            web.await(Duration.ofSeconds(30));
        }
    }

    @Test
    void aConcurrentIndexThatTimesOutNamesTheInvalidIndexItLeftAndHowToDropIt() throws Exception {
        assertThat(db.app("migrate").run().exitCode()).isZero();
        Path extra = Files.createTempDirectory("concurrent-index");
        Files.writeString(extra.resolve("V7__records_created_at.sql"), """
                -- app:lock-timeout=1s
                CREATE INDEX CONCURRENTLY IF NOT EXISTS records_created_at ON records (created_at);
                """);
        String drop = "DROP INDEX CONCURRENTLY IF EXISTS public.records_created_at;";

        try (Connection writer = db.connect()) {
            writer.setAutoCommit(false);
            try (Statement s = writer.createStatement()) {
                s.execute("INSERT INTO records (status, payload) VALUES ('pending', '{}')");
            }
            AppProcess.Result blocked = migrate(extra).run(Duration.ofSeconds(120));

            assertThat(blocked.exitCode()).as(blocked.all()).isEqualTo(ExitCode.MIGRATION_BLOCKED);
            assertThat(blocked.stderr().lines().toList().getLast())
                    .as("the script's own lock timeout replaced the configured 2 s")
                    .contains("V7__records_created_at.sql blocked: no lock within 1s on 1 attempt(s)")
                    .contains("left INVALID index records_created_at on records (drop it with: " + drop + ")");
            assertThat(db.scalar("SELECT count(*) FROM flyway_schema_history WHERE version = '7'"))
                    .as("the failed history row is gone, so a later run starts clean")
                    .isEqualTo(0L);
            writer.rollback();
        }

        AppProcess.Result refused = migrate(extra).run();
        assertThat(refused.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(refused.stderr())
                .contains("V7__records_created_at.sql creates records_created_at, which exists as an INVALID index")
                .contains(drop);
        assertThat(db.app("migrate", "status").run().stdout())
                .contains("warning: INVALID index records_created_at on records");

        db.execute(drop);
        AppProcess.Result applied = migrate(extra).run();
        assertThat(applied.exitCode()).as(applied.all()).isZero();
        assertThat(db.scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'records_created_at'::regclass"))
                .isEqualTo(true);
    }

    private AppProcess migrate(Path extra) {
        return db.app("migrate")
                .env("APP_MIGRATE_EXTRA_LOCATIONS", extra.toString())
                .env("APP_MIGRATE_LOCK_TIMEOUT", LOCK_TIMEOUT.toMillis() + "ms")
                .env("APP_MIGRATE_LOCK_RETRIES", Integer.toString(ATTEMPTS - 1))
                .env("APP_MIGRATE_RETRY_BACKOFF", BACKOFF.toMillis() + "ms");
    }

    /** An open transaction that has read records: ACCESS SHARE, held until it ends, as a slow report would. */
    private static int holdAccessShareOnRecords(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET application_name = 'lock-queue-blocker'");
            int pid;
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            s.executeQuery("SELECT count(*) FROM records").close();
            return pid;
        }
    }

    /** When the application logged the first line containing {@code text} (its log timestamps are local time). */
    private static Instant loggedAt(String log, String text) {
        String line = log.lines()
                .filter(l -> l.contains(text))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no log line with " + text + " in:\n" + log));
        return LocalDateTime.parse(line.substring(0, 23), LOG_TIME)
                .atZone(ZoneId.systemDefault())
                .toInstant();
    }

    /** The moment the migration's session starts waiting for its lock (the JVM's start-up is not the migration's). */
    private Instant awaitMigrationWaiting(AppProcess.Running migrate) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!migrate.process().isAlive()) {
                throw new AssertionError("migrate ended before it waited:\n" + migrate.stderr());
            }
            Object waiting = db.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'app migrate'"
                    + " AND wait_event_type = 'Lock'");
            if (((Long) waiting) > 0) {
                return Instant.now();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the migration never waited for its lock:\n" + migrate.stderr());
    }

    /** GET requests in a loop on their own thread, each one's latency in milliseconds. */
    private record Requests(List<Long> latencies, List<String> failures, AtomicBoolean stopping, Thread thread) {

        static Requests start(int port, String path) {
            List<Long> latencies = new CopyOnWriteArrayList<>();
            List<String> failures = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread thread = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        Http.Response r = Http.get(port, path);
                        latencies.add((System.nanoTime() - start) / 1_000_000);
                        if (r.status() != 200) {
                            failures.add(r.status() + " " + r.body());
                        }
                        Thread.sleep(20);
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            });
            return new Requests(latencies, failures, stop, thread);
        }

        long slowestSoFar() {
            return latencies.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        List<Long> stop() throws InterruptedException {
            stopping.set(true);
            thread.join(15_000);
            return latencies;
        }
    }
}
