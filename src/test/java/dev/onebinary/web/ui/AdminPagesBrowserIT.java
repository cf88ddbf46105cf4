package dev.onebinary.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.onebinary.support.AppProcess;
import dev.onebinary.support.Await;
import dev.onebinary.support.Http;
import dev.onebinary.support.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin pages in a real browser: headless Chromium, driven through chromedriver, against the packaged web process
 * (pages on, an HTTP Basic login), over a ledger that real admin processes filled (a migration, a dry run with a secret
 * in its arguments, a console session) while a task runs in another process all along. Every page is saved as a
 * screenshot under {@code target/screenshots/}.
 *
 * <p>Without Chromium or chromedriver (Debian: {@code apt-get install chromium chromium-driver}) the class is skipped,
 * saying why; with {@code -Dbrowser.tests.required=true} (CI) it fails instead. The browser never fetches anything but
 * the pages: the driver and the browser are the system's, named explicitly, so Selenium Manager downloads nothing.
 */
class AdminPagesBrowserIT {

    /** Debian's paths (packages chromium, chromium-driver); elsewhere -Dbrowser.chromium and -Dbrowser.chromedriver. */
    static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));

    static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final String USER = "ops";
    private static final String PASSWORD = "browser-Pages-" + UUID.randomUUID();
    /** Given to a run as an option value; the ledger stores it masked, so no page may ever hold it. */
    private static final String SECRET = "Sekr3t-" + UUID.randomUUID();

    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);
    /** A task saves its figures every 5 s and the pages poll every second here: a change shows within seconds. */
    private static final Duration PROGRESS_WAIT = Duration.ofSeconds(60);

    private static String db;
    private static AppProcess.Running task;
    private static AppProcess.Running web;
    private static ChromeDriver browser;
    private static Path profile;
    private static int port;
    private static long secretRun;
    private static long consoleRun;
    private static long taskRun;
    /** Why the browser tests cannot run here, or null. */
    private static String unavailable;

    @BeforeAll
    static void ledgerWebProcessRunningTaskAndBrowser() throws Exception {
        unavailable = browserUnavailable();
        if (unavailable != null) {
            if (Boolean.getBoolean("browser.tests.required")) {
                fail(unavailable + "; they are required here (-Dbrowser.tests.required=true)");
            }
            return;
        }

        db = TestDatabase.createEmpty("admin_pages_browser");
        AppProcess.Result migrate = app("migrate").run();
        assertThat(migrate.exitCode()).as(migrate.stderr()).isZero();
        // 50,000 records, one in ten invalid: 5,000 to fix one at a time, 200 ms apart, far longer than this class.
        TestDatabase.execute(
                db,
                "INSERT INTO records (status, payload, error, updated_at)"
                        + " SELECT CASE WHEN i % 10 = 0 THEN 'invalid' ELSE 'processed' END,"
                        + " jsonb_build_object('kind', 'order', 'n', i),"
                        + " CASE WHEN i % 10 = 0 THEN 'schema mismatch' END, now() - interval '1 day'"
                        + " FROM generate_series(1, 50000) AS i");

        // A finished run with a secret in its arguments; before the task below, which holds the task's lock.
        AppProcess.Result dryRun = app("fix-bad-records", "--dry-run", "--error-contains", "password=" + SECRET)
                .run();
        assertThat(dryRun.exitCode()).as(dryRun.stderr()).isZero();
        secretRun = lastRun("fix-bad-records");

        AppProcess.Result console = app(
                        "console",
                        "--reason",
                        "browser test of the admin pages",
                        "--sql",
                        "-c",
                        "select 1",
                        "-c",
                        "select count(*) from records")
                .env("APP_CONSOLE_HISTORY", "false")
                .run();
        assertThat(console.exitCode()).as(console.stderr()).isZero();
        consoleRun = lastRun("console");

        task = app("fix-bad-records", "--batch-size", "1", "--throttle", "200ms")
                .start();
        Await.until("the task's run in the ledger", PAGE_WAIT, () -> lastRun("fix-bad-records") > secretRun);
        taskRun = lastRun("fix-bad-records");
        assertThat(TestDatabase.scalar(db, "SELECT outcome FROM admin_runs WHERE id = " + taskRun))
                .isEqualTo("running");

        port = Http.freePort();
        web = app("serve")
                .env("QUARKUS_HTTP_PORT", Integer.toString(port))
                .env("APP_UI_ENABLED", "true")
                .env("APP_UI_USER", USER)
                .env("APP_UI_PASSWORD", PASSWORD)
                .env("APP_UI_REFRESH", "1s")
                .start();
        Http.awaitStatus(port, "/q/health/ready", 200, Duration.ofSeconds(60), web);

        browser = startBrowser();
    }

    /** Skips each test, saying why, where the browser is not there (and not required). */
    @BeforeEach
    void browserThere() {
        Assumptions.assumeTrue(
                unavailable == null, () -> unavailable + "; skipped (-Dbrowser.tests.required=true fails instead)");
    }

    @AfterAll
    static void stopEverything() {
        if (browser != null) {
            browser.quit();
        }
        for (AppProcess.Running process :
                Stream.of(task, web).filter(Objects::nonNull).toList()) {
            process.signal("TERM");
            process.await(Duration.ofSeconds(30));
        }
        if (db != null) {
            TestDatabase.drop(db);
        }
        if (profile != null) {
            deleteTree(profile);
        }
    }

    @Test
    void withoutTheLoginTheAdminPagesAnswer401WithABasicChallenge() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String path : List.of("/admin/", "/admin/runs/" + secretRun, "/admin/api/live")) {
            HttpResponse<String> anonymous = client.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).as("GET " + path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                    .as("GET " + path)
                    .hasValueSatisfying(v -> assertThat(v).startsWithIgnoringCase("basic realm="));
            HttpResponse<String> wrong = client.send(
                    request(path)
                            .header("Authorization", basic(USER, PASSWORD + "x"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode())
                    .as("GET " + path + " with a wrong password")
                    .isEqualTo(401);
        }
        HttpResponse<String> signedIn = client.send(
                request("/admin/")
                        .header("Authorization", basic(USER, PASSWORD))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(200);
    }

    @Test
    void theRunsListShowsTheTaskRunningInAnotherProcessAndItsProgressAdvancesOnScreenWithoutAReload() throws Exception {
        open("/admin/");
        String row = "tr[data-run='" + taskRun + "']";
        assertThat(browser.findElement(By.cssSelector(row + " [data-field='command']"))
                        .getText())
                .isEqualTo("fix-bad-records");
        assertThat(browser.findElement(By.cssSelector(row + " [data-field='state']"))
                        .getText())
                .isEqualTo("running");
        assertThat(browser.findElement(By.cssSelector("[data-field='counts']")).getText())
                .isEqualTo("1 running, 0 stalled");
        // The ledger below the board lists the runs the other processes recorded.
        assertThat(browser.findElements(By.cssSelector("table.runs a")).stream()
                        .map(WebElement::getText)
                        .toList())
                .contains("#" + taskRun, "#" + consoleRun, "#" + secretRun);

        // A reload would lose this marker; the live updates only change the board's text.
        browser.executeScript("window.__noReload = 1");
        String examined = examinedOnScreen(row);
        long polls = polls();
        String later = waitFor(
                "the examined count of run " + taskRun + " to change from " + examined + " on screen",
                PROGRESS_WAIT,
                () -> Optional.ofNullable(examinedOnScreen(row)).filter(text -> !text.equals(examined)));

        assertThat(browser.executeScript("return window.__noReload"))
                .as("the page was not reloaded")
                .isEqualTo(1L);
        assertThat(count(later)).as("examined, then later").isGreaterThan(count(examined));
        assertThat(polls()).as("polls of the live board").isGreaterThan(polls);
        assertThat(browser.findElement(By.id("live-status")).getText()).startsWith("live · updated ");
        screenshot("runs");
        assertNoBrowserErrors("/admin/");
    }

    @Test
    void aRunPageShowsTheArgumentsMaskedAndNoPageHoldsTheSecret() throws Exception {
        open("/admin/runs/" + secretRun);
        assertThat(heading()).startsWith("Run #" + secretRun + " fix-bad-records shard 0/1 dry-run");
        assertThat(browser.findElement(By.id("command-line")).getText())
                .isEqualTo("app fix-bad-records --dry-run --error-contains password=****");
        assertThat(browser.getPageSource()).doesNotContain(SECRET);
        screenshot("run");
        assertNoBrowserErrors("/admin/runs/" + secretRun);

        open("/admin/?command=fix-bad-records");
        assertThat(browser.findElements(By.cssSelector("table.runs td.args")).stream()
                        .map(WebElement::getText)
                        .toList())
                .contains("--dry-run --error-contains password=****");
        assertThat(browser.getPageSource()).doesNotContain(SECRET);
        assertNoBrowserErrors("/admin/?command=fix-bad-records");
    }

    @Test
    void aConsoleSessionsRunPageListsItsStatements() throws Exception {
        open("/admin/runs/" + consoleRun);
        assertThat(heading()).startsWith("Run #" + consoleRun + " console succeeded");
        // Number, statement, rows and outcome of each statement, as the table shows them.
        assertThat(browser.findElements(By.cssSelector("table.statements tbody tr")).stream()
                        .map(tr -> tr.findElements(By.tagName("td")).stream()
                                .map(WebElement::getText)
                                .toList())
                        .map(td -> String.join(" | ", td.get(0), td.get(3), td.get(5), td.get(6)))
                        .toList())
                .containsExactly(
                        "1 | select 1 | 1 returned | ok", "2 | select count(*) from records | 1 returned | ok");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("browser test of the admin pages");
        screenshot("console-run");
        assertNoBrowserErrors("/admin/runs/" + consoleRun);
    }

    @Test
    void theSchemaAndHowToRunPagesShowTheMigrationsAndEachTasksCommandLine() throws Exception {
        open("/admin/schema");
        assertThat(browser.findElement(By.id("readiness")).getText()).startsWith("Readiness UP:");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Migrations schema 6");
        screenshot("schema");
        assertNoBrowserErrors("/admin/schema");

        open("/admin/how-to-run");
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("fix-bad-records", "app fix-bad-records", "--dry-run");
        screenshot("how-to-run");
        assertNoBrowserErrors("/admin/how-to-run");
    }

    /**
     * Why the browser tests cannot run here (Chromium or chromedriver missing, or of different versions, which
     * chromedriver refuses), saying what to install; null when they can.
     */
    private static String browserUnavailable() {
        String missing = null;
        if (!Files.isExecutable(CHROMIUM)) {
            missing = CHROMIUM + " is missing";
        } else if (!Files.isExecutable(CHROMEDRIVER)) {
            missing = CHROMEDRIVER + " is missing";
        } else {
            String browserVersion = majorVersion(CHROMIUM);
            String driverVersion = majorVersion(CHROMEDRIVER);
            if (browserVersion == null || !browserVersion.equals(driverVersion)) {
                missing = "Chromium " + browserVersion + " and chromedriver " + driverVersion + " differ";
            }
        }
        return missing == null
                ? null
                : "browser tests of the admin pages: " + missing
                        + " (on Debian, as root: apt-get install chromium chromium-driver)";
    }

    /** The major version a Chromium or chromedriver executable prints for --version, or null. */
    private static String majorVersion(Path executable) {
        try {
            Process p = new ProcessBuilder(executable.toString(), "--version")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            Matcher m = Pattern.compile("(?:Chromium|ChromeDriver) (\\d+)\\.").matcher(out);
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The system's Chromium through the system's chromedriver, headless, in a fresh profile, sending the login with
     * every request (a header set through the DevTools protocol: a user:password URL would not cover the pages'
     * scripts and fetches).
     */
    private static ChromeDriver startBrowser() throws IOException {
        profile = Files.createTempDirectory("admin-pages-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver-AdminPagesBrowserIT.log"))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().pageLoadTimeout(PAGE_WAIT);
            driver.manage().timeouts().scriptTimeout(PAGE_WAIT);
            driver.executeCdpCommand("Network.enable", Map.of());
            driver.executeCdpCommand(
                    "Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", basic(USER, PASSWORD))));
            return driver;
        } catch (RuntimeException e) {
            driver.quit();
            throw e;
        }
    }

    /**
     * Opens a page of the web process and waits until it has loaded, its deferred script run, and is an admin page (not
     * a login challenge or an error).
     */
    private static void open(String path) {
        browser.get("http://127.0.0.1:" + port + path);
        new WebDriverWait(browser, PAGE_WAIT)
                .withMessage(
                        () -> "GET " + path + " in the browser: no admin page; it shows:\n" + browser.getPageSource())
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState"))
                        && !d.findElements(By.id("live-status")).isEmpty());
        assertThat(browser.getTitle()).as("the title of " + path).endsWith(" · app admin");
    }

    /** The page's first heading, its parts (laid out on lines of their own) joined by spaces. */
    private static String heading() {
        return browser.findElement(By.tagName("h1")).getText().replaceAll("\\s+", " ");
    }

    /** The examined count in the board's row, read in one script call (the board replaces its rows on each poll). */
    private static String examinedOnScreen(String row) {
        return (String) browser.executeScript(
                "const el = document.querySelector(arguments[0]); return el ? el.textContent : null;",
                row + " [data-field='examinedText']");
    }

    /** How many times the page has polled for live progress (admin.js counts them on the body). */
    private static long polls() {
        Object polls = browser.executeScript("return Number(document.body.dataset.polls || 0)");
        return ((Number) polls).longValue();
    }

    private static long count(String shown) {
        return Long.parseLong(shown.replace(",", ""));
    }

    /** Polls until the value is there, failing with what it waited for after the timeout. */
    private static <T> T waitFor(String what, Duration timeout, Supplier<Optional<T>> value) {
        return new WebDriverWait(browser, timeout, Duration.ofMillis(250))
                .withMessage(() -> "waited " + timeout.toSeconds() + " s for " + what)
                .until(d -> value.get().orElse(null));
    }

    /** Saves what the browser shows as target/screenshots/{name}.png, a PNG with something in it. */
    private static void screenshot(String name) throws IOException {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, png);
        assertThat(file).exists();
        assertThat(Files.size(file)).as(file + " size").isGreaterThan(1000);
        assertThat(Files.readAllBytes(file)).as(file + " is a PNG").startsWith(0x89, 'P', 'N', 'G');
    }

    /** No script error or refused resource (a Content-Security-Policy violation among them) on the page. */
    private static void assertNoBrowserErrors(String path) {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        assertThat(errors).as("errors in the browser's console on " + path).isEmpty();
    }

    private static AppProcess app(String... args) {
        return AppProcess.app(args).database(db);
    }

    private static long lastRun(String command) {
        return ((Number) TestDatabase.scalar(
                        db, "SELECT coalesce(max(id), 0) FROM admin_runs WHERE command = '" + command + "'"))
                .longValue();
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
