package dev.onebinary.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.support.FreshDatabase;
import dev.onebinary.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The admin pages stay fast on a big ledger: with 100,000 runs, every query of the pages walks an index (EXPLAIN names
 * it, and no plan scans admin_runs whole) and touches a bounded number of pages (buffers, not seconds: the machine's
 * load cannot make this flaky), and keyset paging neither repeats nor skips a run.
 */
class RunQueriesPlanTest {

    private static final int RUNS = 100_000;
    /** A page of 50 runs reads a few index pages and the 51 rows' heap pages; a table scan reads thousands. */
    private static final long MAX_BUFFERS = 400;

    @RegisterExtension
    final FreshDatabase db = new FreshDatabase();

    private RunQueries queries;

    @BeforeEach
    void migrateAndSeedAHundredThousandRuns() {
        FluentConfiguration flyway = Flyway.configure()
                .dataSource(TestDatabase.jdbcUrl(db.name()), TestDatabase.USER, TestDatabase.PASSWORD);
        // As the application does (SessionLockCustomizer): with Flyway's transactional lock, V6's CREATE INDEX
        // CONCURRENTLY waits forever for Flyway's own lock transaction.
        flyway.getPluginRegister()
                .getExact(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
        flyway.load().migrate();
        // One run a minute for ~70 days: six commands, twenty releases, 2% failed, a few still running.
        db.execute(
                "INSERT INTO admin_runs (command, arguments, release, host, os_user, started_at, finished_at, outcome,"
                        + " exit_code, summary, error, heartbeat_at)"
                        + " SELECT (ARRAY['migrate', 'fix-bad-records', 'purge-records', 'console', 'redact-payload-field',"
                        + " 'migrate status'])[1 + i % 6], '[\"--batch-size\", \"500\"]'::jsonb,"
                        + " '0.1.' || (i / 5000) || '+c0ffee' || (i / 5000), 'pod-' || (i % 37), 'app',"
                        + " now() - make_interval(mins => " + RUNS + " - i),"
                        + " CASE WHEN i <= " + (RUNS - 10) + " THEN now() - make_interval(mins => " + RUNS
                        + " - i) + interval '5 s' END,"
                        + " CASE WHEN i > " + (RUNS - 10) + " THEN 'running' WHEN i % 50 = 0 THEN 'failed'"
                        + " WHEN i % 97 = 0 THEN 'interrupted' ELSE 'succeeded' END,"
                        + " CASE WHEN i > " + (RUNS - 10) + " THEN NULL WHEN i % 50 = 0 THEN 1 ELSE 0 END,"
                        + " jsonb_build_object('examined', i), CASE WHEN i % 50 = 0 THEN 'failed: boom' END,"
                        + " now() - make_interval(mins => " + RUNS + " - i)"
                        + " FROM generate_series(1, " + RUNS + ") AS i");
        db.execute("INSERT INTO admin_run_statements (run_id, seq, language, statement, outcome)"
                + " SELECT r.id, s, 'sql', 'select ' || s, 'ok' FROM (SELECT max(id) AS id FROM admin_runs"
                + " WHERE command = 'console') r, generate_series(1, 3000) AS s");
        db.execute("ANALYZE");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(TestDatabase.jdbcUrl(db.name()));
        dataSource.setUser(TestDatabase.USER);
        dataSource.setPassword(TestDatabase.PASSWORD);
        queries = new RunQueries(dataSource, new ObjectMapper());
    }

    @Test
    void everyPageQueryWalksAnIndexAndReadsABoundedNumberOfPages() throws Exception {
        long someId = RUNS / 2;
        OffsetDateTime dayAgo = OffsetDateTime.now().minusDays(1);
        assertPlan(RunQueries.list(RunQueries.Filter.NONE, 51), "admin_runs_started_at");
        assertPlan(RunQueries.list(RunQueries.Filter.NONE.before(someId), 51), "admin_runs_started_at");
        // Past the first page the planner may walk the primary key backwards instead (a sixth of the rows match): any
        // index, never a table scan, few pages.
        assertPlan(RunQueries.list(filter("fix-bad-records", null, null, null, someId), 51), null);
        assertPlan(RunQueries.list(filter(null, "failed", null, null, null), 51), "admin_runs_outcome_id");
        assertPlan(RunQueries.list(filter(null, "failed", null, null, someId), 51), "admin_runs_outcome_id");
        assertPlan(RunQueries.list(filter(null, null, "0.1.3+c0ffee3", null, null), 51), "admin_runs_release_id");
        assertPlan(RunQueries.list(filter(null, null, null, dayAgo, null), 51), "admin_runs_started_at");
        assertPlan(RunQueries.list(filter("console", "failed", null, dayAgo, null), 51), null);
        assertPlan(RunQueries.running(200), "admin_runs_outcome_id");
        // A count reads the index entries it counts (1,999 failed runs within the day here), never the whole ledger.
        assertPlan(RunQueries.countSince("failed", 86_400), null, 2_500);
        assertPlan(RunQueries.distinct("command"), "admin_runs_command_id");
        assertPlan(RunQueries.distinct("release"), "admin_runs_release_id");
        long console = queries.page(filter("console", null, null, null, null), 1)
                .runs()
                .getFirst()
                .id();
        assertPlan(RunQueries.statementsSql(console, 0, 500), "admin_run_statements_pkey");
    }

    @Test
    void keysetPagesNeitherRepeatNorSkipARun() {
        assertWalksEveryRun(RunQueries.Filter.NONE, RUNS);
        // Every 50th run failed, except the last ten, which are still running.
        assertWalksEveryRun(filter(null, "failed", null, null, null), (RUNS - 10) / 50);
        // purge-records is command 1 + i % 6 = 3: i % 6 == 2.
        assertWalksEveryRun(filter("purge-records", null, null, null, null), (RUNS + 4) / 6);
    }

    @Test
    void filterValuesComeNewestFirst() {
        assertThat(queries.commands())
                .containsExactlyInAnyOrder(
                        "migrate",
                        "fix-bad-records",
                        "purge-records",
                        "console",
                        "redact-payload-field",
                        "migrate status");
        List<String> releases = queries.releases();
        assertThat(releases).hasSize(21).startsWith("0.1.20+c0ffee20", "0.1.19+c0ffee19");
        assertThat(queries.running()).hasSize(10).allMatch(Run::running);
        assertThat(queries.countSince("failed", java.time.Duration.ofDays(1))).isBetween(27L, 30L);
    }

    private void assertWalksEveryRun(RunQueries.Filter filter, int expected) {
        Set<Long> seen = new HashSet<>();
        long previous = Long.MAX_VALUE;
        RunQueries.Filter page = filter;
        int pages = 0;
        while (true) {
            RunQueries.Page p = queries.page(page, 1000);
            for (Run run : p.runs()) {
                assertThat(seen.add(run.id()))
                        .as("run %d on two pages", run.id())
                        .isTrue();
                assertThat(run.id()).as("newest first").isLessThan(previous);
                previous = run.id();
            }
            pages++;
            if (p.older().isEmpty()) {
                break;
            }
            page = page.before(p.older().get());
        }
        assertThat(seen).hasSize(expected);
        assertThat(pages).isEqualTo((expected + 999) / 1000);
    }

    private static RunQueries.Filter filter(
            String command, String outcome, String release, OffsetDateTime from, Long before) {
        return new RunQueries.Filter(
                Optional.ofNullable(command),
                Optional.ofNullable(outcome),
                Optional.ofNullable(release),
                Optional.ofNullable(from),
                Optional.empty(),
                Optional.ofNullable(before));
    }

    /** EXPLAIN ANALYZE of the query: no node scans admin_runs whole, {@code index} is used, few buffers are read. */
    private void assertPlan(RunQueries.Sql sql, String index) throws Exception {
        assertPlan(sql, index, MAX_BUFFERS);
    }

    private void assertPlan(RunQueries.Sql sql, String index, long maxBuffers) throws Exception {
        JsonNode plan;
        try (Connection c = db.connect();
                PreparedStatement ps = new RunQueries.Sql(
                                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql.text(), sql.params())
                        .prepare(c);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            plan = new ObjectMapper().readTree(rs.getString(1)).get(0).get("Plan");
        }
        List<JsonNode> nodes = new ArrayList<>();
        collect(plan, nodes);
        String shown = sql.text() + "\n" + plan.toPrettyString();
        assertThat(nodes)
                .as("no table scan of the ledger: %s", shown)
                .noneMatch(n -> n.path("Node Type").asText().equals("Seq Scan")
                        && n.path("Relation Name").asText().startsWith("admin_run"));
        assertThat(nodes)
                .as("no sort of every matching row: %s", shown)
                .noneMatch(n -> n.path("Node Type").asText().equals("Sort")
                        && n.path("Actual Rows").asLong() > 1000);
        if (index != null) {
            assertThat(nodes)
                    .as("uses %s: %s", index, shown)
                    .anyMatch(n -> index.equals(n.path("Index Name").asText()));
        }
        long buffers = plan.path("Shared Hit Blocks").asLong()
                + plan.path("Shared Read Blocks").asLong();
        assertThat(buffers).as("pages read: %s", shown).isLessThan(maxBuffers);
    }

    private static void collect(JsonNode node, List<JsonNode> nodes) {
        nodes.add(node);
        for (JsonNode child : node.path("Plans")) {
            collect(child, nodes);
        }
    }
}
