package dev.onebinary.admin;

import static dev.onebinary.support.AppProcess.app;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Release;
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
import picocli.CommandLine.Command;

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
            // From its first log line (start-up done, however slow the machine) to its exit: the two seconds asked
            // for plus the shutdown, far from pgjdbc's own ten-second default.
            java.util.regex.Matcher first = java.util.regex.Pattern.compile(
                            "(?m)^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) .*process=admin:db-check")
                    .matcher(result.stderr());
            assertThat(first.find()).as(result.stderr()).isTrue();
            java.time.LocalDateTime booted = java.time.LocalDateTime.parse(
                    first.group(1), java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS"));
            assertThat(Duration.between(booted, java.time.LocalDateTime.now())).isLessThan(Duration.ofSeconds(7));
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

    @Test
    void helpListsEverySubcommandWithADescription() {
        AppProcess.Result result = app("--help").run();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<Class<?>> subcommands = AppCommand.SUBCOMMANDS;
        assertThat(subcommands).isNotEmpty();
        for (Class<?> sub : subcommands) {
            Command command = sub.getAnnotation(Command.class);
            assertThat(command.description()).as(command.name()).isNotEmpty();
            String firstWords = command.description()[0].substring(0, 15);
            assertThat(result.stdout()).containsPattern("(?m)^  " + command.name() + " +" + firstWords);
        }
    }

    @Test
    void versionPrintsTheReleaseAsTextAsJsonAndAsTheVersionOption() throws IOException {
        Release release = Release.current();
        assertThat(release.version()).doesNotContain("${").isNotEqualTo("unknown");
        assertThat(release.builtAt()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        AppProcess.Result text = app("version").run();
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout())
                .contains("version  " + release.version())
                .contains("commit   " + release.commit())
                .contains("builtAt  " + release.builtAt());

        JsonNode json =
                new ObjectMapper().readTree(app("version", "--json").run().stdout());
        assertThat(json.get("id").asText()).isEqualTo(release.version() + "+" + release.commit());
        assertThat(json.get("commit").asText()).matches("[0-9a-f]{7}|unknown");

        assertThat(app("--version").run().stdout()).startsWith("app " + release.id());
    }

    @Test
    void unknownOptionOrSubcommandExitsUsageWithOneLine() {
        AppProcess.Result option = app("version", "--colour").run();
        assertThat(option.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(option.stderr().lines())
                .singleElement()
                .asString()
                .contains("Unknown option: '--colour'", "app version --help");

        AppProcess.Result subcommand = app("no-such-command").run();
        assertThat(subcommand.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(subcommand.stderr().lines())
                .singleElement()
                .asString()
                .contains("no-such-command")
                .doesNotContain("Exception");
        assertThat(subcommand.stdout()).isEmpty();
    }

    @Test
    void tasksListsEveryTaskWithItsDescription() {
        AppProcess.Result result = app("tasks").run();
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout())
                .containsPattern("(?m)^fix-bad-records +Set invalid records back to pending")
                .containsPattern("(?m)^purge-records +Delete processed records")
                .doesNotContainPattern("(?m)^migrate ");
    }

    @Test
    void dbCheckReportsTheReachableDatabase() {
        AppProcess.Result result = app("db-check").run();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout())
                .contains("database reachable: PostgreSQL", "/" + TestDatabase.NAME, " as " + TestDatabase.USER + " ");
    }

    @Test
    void configShowsEachValueWithItsSourceAndMasksThePassword() {
        AppProcess.Result result = app("config").run();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout())
                .containsPattern("(?m)^quarkus.datasource.password +env DATABASE_URL +\\*\\*\\*\\*$")
                .containsPattern("quarkus.datasource.jdbc.url +env DATABASE_URL +jdbc:postgresql://")
                // application.properties: "file" on the JVM; the native executable has it built in ("default").
                .containsPattern("quarkus.http.port\\s+(file|default)\\s+8080")
                .containsPattern("app.db.connect-timeout\\s+(file|default)\\s+5")
                .containsPattern("app.release\\s+build\\s+"
                        + java.util.regex.Pattern.quote(Release.current().id()));
    }
}
