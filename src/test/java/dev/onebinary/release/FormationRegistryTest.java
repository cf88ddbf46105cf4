package dev.onebinary.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onebinary.domain.formation.Formation;
import dev.onebinary.domain.formation.FormationRegistry;
import dev.onebinary.platform.ProcessMode;
import dev.onebinary.platform.Release;
import dev.onebinary.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A web process' row in the formation, in process against the test database with the default heartbeat (5 s): written
 * at once, refreshed without growing the table, marked stopped when the process leaves, old rows pruned, and written
 * once the table is back when it was missing at start.
 */
@QuarkusTest
class FormationRegistryTest {

    private static final String DB = TestDatabase.NAME;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    FormationRegistry registry;

    @Inject
    Formation formation;

    @BeforeEach
    @AfterEach
    void clean() {
        registry.leave();
        TestDatabase.execute(
                DB,
                "ALTER TABLE IF EXISTS formation_away RENAME TO formation;" + " DELETE FROM formation WHERE id = '"
                        + registry.id() + "' OR id LIKE 'registry-test-%'");
    }

    private Object mine(String column) {
        return TestDatabase.scalar(DB, "SELECT " + column + " FROM formation WHERE id = '" + registry.id() + "'");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened within " + PATIENCE + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aProcessRegistersRefreshesItsOneRowIsMarkedStoppedAndPrunesRowsGoneForADay() throws Exception {
        TestDatabase.execute(
                DB,
                "INSERT INTO formation (id, process_type, release, host, started_at, last_seen_at, stopped_at) VALUES"
                        + " ('registry-test-stopped', 'web', 'old', 'h', now() - interval '3 days',"
                        + " now() - interval '25 hours', now() - interval '25 hours'),"
                        + " ('registry-test-killed', 'worker', 'old', 'h', now() - interval '3 days',"
                        + " now() - interval '25 hours', NULL),"
                        + " ('registry-test-recent', 'worker', 'old', 'h', now() - interval '3 hours',"
                        + " now() - interval '1 hour', NULL)");

        registry.join(ProcessMode.Type.WEB);

        await("the row is written", () -> mine("last_seen_at") != null);
        assertThat(mine("process_type || ' ' || release || ' ' || pid"))
                .isEqualTo("web " + Release.current().id() + " "
                        + ProcessHandle.current().pid());
        assertThat(TestDatabase.column(DB, "SELECT id FROM formation WHERE id LIKE 'registry-test-%'"))
                .as("rows stopped or gone for over prune-after (24h) are pruned")
                .containsExactly("registry-test-recent");
        long rows = ((Number) TestDatabase.scalar(DB, "SELECT count(*) FROM formation")).longValue();

        String first = (String) mine("last_seen_at::text");
        await(
                "the heartbeat moves last_seen_at",
                () -> Boolean.TRUE.equals(mine("last_seen_at > '" + first + "'::timestamptz")));
        assertThat(((Number) TestDatabase.scalar(DB, "SELECT count(*) FROM formation")).longValue())
                .as("a heartbeat updates the row, it adds none")
                .isEqualTo(rows);
        assertThat(formation.members().orElseThrow())
                .filteredOn(m -> m.id().equals(registry.id()) || m.id().equals("registry-test-recent"))
                .extracting(m -> m.processType() + " " + m.state())
                .containsExactlyInAnyOrder("web running", "worker gone");

        registry.leave();

        assertThat(mine("stopped_at")).as("leaving marks the row stopped").isNotNull();
        assertThat(formation.members().orElseThrow())
                .filteredOn(m -> m.id().equals(registry.id()))
                .extracting(Formation.Member::state)
                .containsExactly(Formation.State.stopped);
    }

    @Test
    void aProcessThatStartedWithoutItsTableRegistersOnceTheTableIsBack() throws Exception {
        TestDatabase.execute(DB, "ALTER TABLE formation RENAME TO formation_away");
        try {
            registry.join(ProcessMode.Type.WORKER);
            await("the first heartbeat finds no table", () -> registry.failure().isPresent());
            assertThat(registry.failure().orElseThrow()).contains("no formation table");
        } finally {
            TestDatabase.execute(DB, "ALTER TABLE formation_away RENAME TO formation");
        }
        await("the row is written by a later heartbeat", () -> mine("process_type") != null);
        assertThat(mine("process_type")).isEqualTo("worker");
        assertThat(formation.members().orElseThrow())
                .filteredOn(m -> m.id().equals(registry.id()))
                .extracting(Formation.Member::state)
                .containsExactly(Formation.State.running);
    }
}
