package dev.onebinary.web.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onebinary.support.TestDatabase;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The admin pages in process, with the pages on and an HTTP Basic login: who may look, what a hostile ledger row looks
 * like on the page (text, never markup), paging and filters of the runs list, stalled runs, and a constant number of
 * queries per page however many runs it shows. Each test seeds runs of a command of its own, so the shared test
 * database's other rows never matter.
 */
@QuarkusTest
@TestProfile(AdminPagesTest.PagesOn.class)
class AdminPagesTest {

    static final String USER = "ops";
    static final String PASSWORD = "pages-Secret-1";
    static final String HOSTILE = "<script>alert('pwned')</script>";
    private static final String DB = TestDatabase.NAME;

    /** The pages on, a small page size (paging is exercised with few rows), stalled after 30 s. */
    public static class PagesOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "app.ui.enabled", "true",
                    "app.ui.user", USER,
                    "app.ui.password", PASSWORD,
                    "app.ui.page-size", "5",
                    "app.ui.stalled-after", "30s");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    private static RequestSpecification signedIn() {
        return given().auth().preemptive().basic(USER, PASSWORD);
    }

    private static String command() {
        return "ui-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Inserts a finished run of {@code command}; returns its id. */
    private static long run(String command, String outcome, String arguments, String reason, String error) {
        Object id = TestDatabase.scalar(
                DB,
                "INSERT INTO admin_runs (command, arguments, release, host, os_user, started_at, finished_at, outcome,"
                        + " exit_code, summary, error, reason, heartbeat_at) VALUES (" + quote(command) + ", "
                        + quote(arguments) + "::jsonb, 'rel-ui', 'pod-ui', 'tester', now() - interval '1 minute',"
                        + (outcome.equals("running") ? "NULL" : "now()") + ", " + quote(outcome) + ", "
                        + (outcome.equals("running") ? "NULL" : outcome.equals("failed") ? "1" : "0")
                        + ", '{\"examined\": 10, \"changed\": 2}'::jsonb, " + quote(error) + ", " + quote(reason)
                        + ", now()) RETURNING id");
        return ((Number) id).longValue();
    }

    private static String quote(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    private static List<Long> runIds(String html) {
        List<Long> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<td><a href=\"/admin/runs/(\\d+)\">#").matcher(html);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    private static String olderHref(String html) {
        Matcher m = Pattern.compile("<a href=\"([^\"]+)\" rel=\"next\">").matcher(html);
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }

    @Test
    void withoutTheRightLoginEveryPageAndTheApiAnswer401WithABasicChallenge() {
        for (String path :
                List.of("/admin/", "/admin/runs/1", "/admin/schema", "/admin/how-to-run", "/admin/api/live")) {
            given().get(path)
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", org.hamcrest.Matchers.startsWithIgnoringCase("basic realm="));
            given().auth().preemptive().basic(USER, "wrong").get(path).then().statusCode(401);
            given().auth()
                    .preemptive()
                    .basic("someone", PASSWORD)
                    .get(path)
                    .then()
                    .statusCode(401);
        }
        // The rest of the web process does not ask for a login.
        given().get("/release").then().statusCode(200);
    }

    @Test
    void pagesAreReadOnlyHtmlWithSecurityHeaders() {
        Response page = signedIn().get("/admin/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy"))
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.body().asString()).contains("<h1>Runs</h1>", "release <code>");
        // No inline script anywhere: every <script> of the page loads our own asset.
        assertThat(Pattern.compile("<script(?![^>]*src=\"/admin/assets/)")
                        .matcher(page.body().asString())
                        .find())
                .as("an inline script")
                .isFalse();

        for (String path : List.of("/admin/", "/admin/schema")) {
            int status = signedIn().post(path).statusCode();
            assertThat(status).as("POST " + path).isIn(404, 405);
            assertThat(signedIn().delete(path).statusCode())
                    .as("DELETE " + path)
                    .isIn(404, 405);
        }
    }

    @Test
    void aHostileArgumentReasonErrorAndStatementRenderAsTextNeverAsMarkup() {
        String command = command();
        long id = run(
                command,
                "failed",
                "[\"--name\", \"" + HOSTILE.replace("'", "\\u0027")
                        + "\", \"--x\", \"\\\"><img src=x onerror=alert(1)>\"]",
                "reason " + HOSTILE,
                "boom </pre>" + HOSTILE);
        TestDatabase.execute(
                DB,
                "INSERT INTO admin_run_statements (run_id, seq, language, statement, started_at, duration_ms,"
                        + " rows_returned, outcome, error) VALUES (" + id + ", 1, 'sql', "
                        + quote("SELECT '" + HOSTILE + "'") + ", now(), 3, 1, 'error', "
                        + quote("ERROR: " + HOSTILE) + ")");

        String list = signedIn()
                .queryParam("command", command)
                .get("/admin/")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String detail = signedIn()
                .get("/admin/runs/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();

        for (String html : List.of(list, detail)) {
            assertThat(html)
                    .doesNotContain("<script>alert")
                    .doesNotContain("<img src=x")
                    .contains("&lt;script&gt;alert(");
        }
        assertThat(list).contains(command, "&lt;img src=x onerror=alert(1)&gt;");
        assertThat(detail)
                .contains("reason &lt;script&gt;", "boom &lt;/pre&gt;&lt;script&gt;", "ERROR: &lt;script&gt;")
                .contains("SELECT &#39;&lt;script&gt;alert(");

        // A hostile filter value is echoed as text too (and simply matches nothing).
        String filtered = signedIn()
                .queryParam("command", HOSTILE)
                .get("/admin/")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(filtered).doesNotContain("<script>alert").contains("No runs match these filters");
    }

    @Test
    void theRunsListPagesNewestFirstWithoutRepeatingOrSkippingAndFiltersByCommandAndOutcome() {
        String command = command();
        List<Long> seeded = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            seeded.add(run(command, i % 4 == 0 ? "failed" : "succeeded", "[\"--n\", \"" + i + "\"]", null, null));
        }
        List<Long> newestFirst = seeded.reversed();

        List<Long> walked = new ArrayList<>();
        String href = "/admin/?command=" + command;
        int pages = 0;
        while (href != null) {
            String html = signedIn().get(href).then().statusCode(200).extract().asString();
            List<Long> ids = runIds(html);
            assertThat(ids).hasSizeLessThanOrEqualTo(5);
            walked.addAll(ids);
            href = olderHref(html);
            pages++;
            assertThat(pages).as("pages").isLessThan(10);
        }
        assertThat(walked).containsExactlyElementsOf(newestFirst);
        assertThat(pages).isEqualTo(3);

        String failed = signedIn()
                .queryParam("command", command)
                .queryParam("outcome", "failed")
                .get("/admin/")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(runIds(failed)).containsExactly(seeded.get(8), seeded.get(4), seeded.get(0));
        assertThat(failed).contains("<option value=\"failed\" selected>");

        // A run that does not exist, or an id that is not one: a page saying so, never a 500.
        assertThat(signedIn()
                        .get("/admin/runs/999999999")
                        .then()
                        .statusCode(404)
                        .extract()
                        .asString())
                .contains("The ledger has no run 999999999.");
        signedIn().get("/admin/api/runs/999999999").then().statusCode(404);
        assertThat(signedIn()
                        .get("/admin/runs/12<b onmouseover=x>")
                        .then()
                        .statusCode(400)
                        .extract()
                        .asString())
                .contains("must be a whole number", "12&lt;b onmouseover=x&gt;")
                .doesNotContain("<b onmouseover");

        // An unknown outcome is a usage error on the page, not a 500.
        String bad = signedIn()
                .queryParam("outcome", "exploded")
                .get("/admin/")
                .then()
                .statusCode(400)
                .extract()
                .asString();
        assertThat(bad).contains("outcome must be one of");
    }

    @Test
    void aRunningTaskWithoutHeartbeatForLongerThanStalledAfterIsShownStalled() {
        String command = "fix-bad-records";
        long alive = run(command, "running", "[\"--shard\", \"1/2\"]", null, null);
        long dead = run(command, "running", "[\"--shard\", \"2/2\"]", null, null);
        TestDatabase.execute(
                DB,
                "UPDATE admin_runs SET heartbeat_at = now() - interval '10 minutes', started_at = now() - interval"
                        + " '20 minutes' WHERE id = " + dead);
        try {
            String list =
                    signedIn().get("/admin/").then().statusCode(200).extract().asString();
            assertThat(row(list, alive)).contains("data-field=\"state\">running<");
            assertThat(row(list, dead)).contains("data-field=\"state\">stalled<");

            String deadPage = signedIn()
                    .get("/admin/runs/" + dead)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(deadPage).contains("Stalled:", "no heartbeat for");
            String alivePage = signedIn()
                    .get("/admin/runs/" + alive)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(alivePage).contains("data-field=\"stalledBanner\" hidden");

            // The JSON the page polls says the same.
            signedIn()
                    .get("/admin/api/runs/" + dead)
                    .then()
                    .statusCode(200)
                    .body("running", org.hamcrest.Matchers.is(true))
                    .body("live.stalled", org.hamcrest.Matchers.is(true))
                    .body("live.examined", org.hamcrest.Matchers.is(10));
        } finally {
            // Leave no "running" rows for other tests' boards.
            TestDatabase.execute(
                    DB,
                    "UPDATE admin_runs SET outcome = 'interrupted', finished_at = now(), exit_code = 143 WHERE id IN ("
                            + alive + ", " + dead + ")");
        }
    }

    @Test
    void theSchemaAndHowToRunPagesShowMigrationsReadinessAndEachTasksCommandLine() {
        String schema =
                signedIn().get("/admin/schema").then().statusCode(200).extract().asString();
        assertThat(schema).contains("<h1>Schema</h1>", "Readiness UP", "<code>1</code>", "<code>6</code>");
        String howTo = signedIn()
                .get("/admin/how-to-run")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(howTo).contains("<code>fix-bad-records</code>", "app fix-bad-records", "--dry-run");
    }

    @Test
    void theLiveBoardJsonListsARunningTaskWithItsProgress() {
        String command = "purge-records";
        long id = run(command, "running", "[]", null, null);
        try {
            signedIn()
                    .get("/admin/api/live")
                    .then()
                    .statusCode(200)
                    .body("groups.runs.flatten().id", org.hamcrest.Matchers.hasItem((int) id));
        } finally {
            TestDatabase.execute(
                    DB,
                    "UPDATE admin_runs SET outcome = 'interrupted', finished_at = now(), exit_code = 143 WHERE id = "
                            + id);
        }
    }

    /** The {@code <tr>} of run {@code id} on the live board. */
    private static String row(String html, long id) {
        int start = html.indexOf("data-run=\"" + id + "\"");
        assertThat(start).as("run %d on the live board", id).isGreaterThan(0);
        return html.substring(start, html.indexOf("</tr>", start));
    }

    @Test
    void aPageCostsTheSameNumberOfQueriesWithOneRunOrAFullPage() {
        String few = command();
        String many = command();
        run(few, "succeeded", "[]", null, null);
        for (int i = 0; i < 5; i++) {
            run(many, "failed", "[]", null, "e" + i);
        }
        long oneRun = acquisitions("/admin/?command=" + few, 1);
        long fullPage = acquisitions("/admin/?command=" + many, 5);
        assertThat(fullPage).as("connections for a full page vs one run").isEqualTo(oneRun);
        assertThat(oneRun).as("connections per page (the pool counts them)").isBetween(1L, 20L);
    }

    /**
     * The fewest connections the pool handed out while rendering {@code path}, over three renders (a background job
     * of the web process can only add to one render, never take away).
     */
    private long acquisitions(String path, int expectedRuns) {
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long before = dataSource.getMetrics().acquireCount();
            String html = signedIn().get(path).then().statusCode(200).extract().asString();
            long after = dataSource.getMetrics().acquireCount();
            assertThat(runIds(html)).hasSize(expectedRuns);
            fewest = Math.min(fewest, after - before);
        }
        return fewest;
    }
}
