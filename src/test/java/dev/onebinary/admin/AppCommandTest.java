package dev.onebinary.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Release;
import dev.onebinary.support.CommandOutput;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

@QuarkusMainTest
class AppCommandTest {

    @Test
    @Launch("--help")
    void helpListsEverySubcommandWithADescription(LaunchResult result) {
        Class<?>[] subcommands = AppCommand.class.getAnnotation(Command.class).subcommands();
        assertThat(subcommands).isNotEmpty();
        for (Class<?> sub : subcommands) {
            Command command = sub.getAnnotation(Command.class);
            assertThat(command.description()).as(command.name()).isNotEmpty();
            String firstWords = command.description()[0].substring(0, 15);
            assertThat(result.getOutput()).containsPattern("(?m)^  " + command.name() + " +" + firstWords);
        }
    }

    @Test
    @Launch("--version")
    void versionOptionPrintsTheRelease(LaunchResult result) {
        assertThat(CommandOutput.of(result))
                .startsWith("app " + Release.current().id());
    }

    @Test
    @Launch("version")
    void versionCommandPrintsVersionCommitAndBuildTime(LaunchResult result) {
        Release release = Release.current();
        assertThat(release.version()).doesNotContain("${").isNotEqualTo("unknown");
        assertThat(release.builtAt()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(result.getOutput())
                .contains("version  " + release.version())
                .contains("commit   " + release.commit())
                .contains("builtAt  " + release.builtAt());
    }

    @Test
    @Launch({"version", "--json"})
    void versionJsonIsTheReleaseDocument(LaunchResult result) throws Exception {
        JsonNode json = new ObjectMapper().readTree(CommandOutput.of(result));
        Release release = Release.current();
        assertThat(json.get("id").asText()).isEqualTo(release.version() + "+" + release.commit());
        assertThat(json.get("commit").asText()).matches("[0-9a-f]{7}|unknown");
    }

    @Test
    @Launch(
            value = {"version", "--colour"},
            exitCode = ExitCode.USAGE)
    void unknownOptionExitsUsageWithOneLine(LaunchResult result) {
        assertThat(result.getErrorStream()).hasSize(1);
        assertThat(result.getErrorOutput()).contains("Unknown option: '--colour'", "app version --help");
    }

    @Test
    @Launch(value = "no-such-command", exitCode = ExitCode.USAGE)
    void unknownSubcommandExitsUsage(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("no-such-command").doesNotContain("Exception");
    }

    @Test
    @Launch("tasks")
    void tasksListsEveryTaskWithItsDescription(LaunchResult result) {
        assertThat(CommandOutput.of(result))
                .containsPattern("(?m)^fix-bad-records +Set invalid records back to pending")
                .containsPattern("(?m)^purge-records +Delete processed records")
                .doesNotContainPattern("(?m)^migrate ");
    }

    @Test
    @Launch("db-check")
    void dbCheckReportsTheReachableDatabase(LaunchResult result) {
        assertThat(result.getOutput())
                .contains("database reachable: PostgreSQL", "/" + dev.onebinary.support.TestDatabase.NAME, " as app ");
    }

    @Test
    @Launch("config")
    void configShowsEachValueWithItsSourceAndMasksThePassword(LaunchResult result) {
        assertThat(result.getOutput())
                .containsPattern("quarkus.datasource.password\\s+file\\s+\\*\\*\\*\\*")
                .containsPattern("quarkus.datasource.jdbc.url\\s+file\\s+jdbc:postgresql://")
                .containsPattern("quarkus.http.port\\s+file\\s+8080")
                .containsPattern("app.db.connect-timeout\\s+file\\s+5")
                .contains("app.release", Release.current().id());
    }
}
