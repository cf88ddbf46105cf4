package dev.onebinary.admin;

import static dev.onebinary.support.AppProcess.app;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onebinary.platform.ExitCode;
import dev.onebinary.support.AppProcess;
import dev.onebinary.support.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admin subcommands as real processes of the packaged application. */
class AdminProcessIT {

    @Test
    void adminCommandSucceedsWhileAnotherProcessHoldsTheHttpPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AppProcess.Result result = app("db-check")
                    .env("QUARKUS_HTTP_PORT", Integer.toString(taken.getLocalPort()))
                    .run();
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).contains("database reachable");
        }
    }

    @Test
    void firstApplicationLogLineNamesTheReleaseAndTheProcess() {
        AppProcess.Result result = app("migrate", "status", "--output", "json").run();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        String firstAppLine = result.stderr()
                .lines()
                .filter(l -> l.contains("[dev.onebinary"))
                .findFirst()
                .orElseThrow();
        assertThat(firstAppLine).containsPattern("release=\\S+\\+\\S+ process=admin:migrate");
        assertThat(result.stdout()).startsWith("[").doesNotContain("release=");
    }

    @Test
    void helpAndVersionAreAnsweredBeforeBootWithNothingButTheirOutput() {
        for (String[] args : List.of(
                new String[] {"version", "--json"}, new String[] {"--version"}, new String[] {"--help"}, new String[] {
                    "fix-bad-records", "--help"
                })) {
            // No database at all: these never boot Quarkus, so they cannot even try to connect.
            AppProcess.Result result = app(args)
                    .env("DATABASE_URL", "postgres://nobody:x@127.0.0.1:1/none")
                    .run();
            assertThat(result.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(result.stderr()).as(String.join(" ", args)).isEmpty();
            assertThat(result.stdout()).doesNotContain("WARN", "INFO", "Could not format");
        }
    }

    @Test
    void platformReleaseLabelIsAppendedToTheReleaseId() {
        AppProcess.Result result = app("version").env("APP_RELEASE", "v42").run();
        assertThat(result.stdout()).containsPattern("id +\\S+\\+\\S+@v42").contains("label    v42");
    }

    @Test
    void unreachableDatabaseExitsUnavailableWithOneLineNamingHostAndPort() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AppProcess.Result result = app("db-check")
                .env("DATABASE_URL", "postgres://app:hunter2-secret@127.0.0.1:" + closedPort + "/app")
                .run();
        assertThat(result.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        List<String> errorLines = result.stderr()
                .lines()
                .filter(l -> !l.contains(" INFO ") && !l.isBlank())
                .toList();
        assertThat(errorLines).hasSize(1);
        assertThat(errorLines.getFirst()).contains("127.0.0.1:" + closedPort + "/app");
        assertThat(result.all()).doesNotContain("hunter2-secret", "\tat ", "Exception");
    }

    @Test
    void silentDatabaseGivesUpAfterTheConnectTimeout() throws IOException {
        // A port that accepts TCP connections and never answers, like a firewalled or hung server.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            AppProcess.Result result = app("db-check")
                    .env("DATABASE_URL", "postgres://app:app@127.0.0.1:" + silent.getLocalPort() + "/app")
                    .env("APP_DB_CONNECT_TIMEOUT", "2")
                    .run(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCode.UNAVAILABLE);
            assertThat(result.stderr())
                    .contains("127.0.0.1:" + silent.getLocalPort())
                    .doesNotContain("\tat ");
            // Start-up plus two seconds, far from pgjdbc's own ten-second default.
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(9));
            acceptor.interrupt();
        }
    }

    @Test
    void configNeverPrintsAPasswordFromTheEnvironment() {
        for (String format : List.of("text", "json")) {
            AppProcess run = format.equals("json") ? app("config", "--json") : app("config");
            AppProcess.Result result = run.env("QUARKUS_DATASOURCE_PASSWORD", "env-pw-1f9c")
                    .env("DATABASE_URL", "postgres://app:url-pw-7d2e@127.0.0.1:5432/" + TestDatabase.NAME)
                    .env("APP_PAYMENT_API_KEY", "api-key-3b8a")
                    .run();
            assertThat(result.exitCode()).isZero();
            assertThat(result.all()).doesNotContain("env-pw-1f9c", "url-pw-7d2e", "api-key-3b8a");
            assertThat(result.stdout()).contains("quarkus.datasource.password", "****");
        }
    }

    @Test
    void databaseUrlIsUsedAndExplicitQuarkusVariablesWinOverIt() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AppProcess.Result fromDatabaseUrl = app("db-check").run();
        assertThat(fromDatabaseUrl.exitCode()).as(fromDatabaseUrl.stderr()).isZero();

        AppProcess.Result explicitWins = app("db-check")
                .env("DATABASE_URL", "postgres://nobody:wrong@127.0.0.1:" + closedPort + "/nothing")
                .env("QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.jdbcUrl(TestDatabase.NAME))
                .env("QUARKUS_DATASOURCE_USERNAME", TestDatabase.USER)
                .env("QUARKUS_DATASOURCE_PASSWORD", TestDatabase.PASSWORD)
                .run();
        assertThat(explicitWins.exitCode()).as(explicitWins.stderr()).isZero();
        assertThat(explicitWins.stdout()).contains("/" + TestDatabase.NAME);
    }

    @Test
    void malformedDatabaseUrlExitsUnavailableBeforeStarting() {
        AppProcess.Result result = app("db-check")
                .env("DATABASE_URL", "mysql://root:hunter2@db/app")
                .run();
        assertThat(result.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(result.stderr().strip())
                .isEqualTo("app: DATABASE_URL must start with postgres:// or postgresql://, not mysql://");
    }
}
