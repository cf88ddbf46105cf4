package dev.onebinary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/kubernetes/deploy.sh against a stand-in kubectl that records what it is asked and answers as a cluster
 * would (there is no cluster here): the order of a deploy, what a failed migration stops, a second run for the same
 * release, a rollback, and the name each release's migrate Job gets.
 */
class DeployScriptTest {

    /** Records each call; answers `get job` with $STUB_JOB, `create` with $STUB_CREATE, `rollout` with $STUB_ROLLOUT. */
    private static final String STUB = """
            #!/bin/sh
            echo "$*" >> "$STUB_CALLS"
            case "$1" in
              get) printf '%s ' $STUB_JOB ;;
              create)
                case "$STUB_CREATE" in
                  exists) echo 'Error from server (AlreadyExists): jobs.batch "x" already exists' >&2; exit 1 ;;
                  error) echo 'error: You must be logged in to the server (Unauthorized)' >&2; exit 1 ;;
                  *) echo "job.batch/x created" ;;
                esac ;;
              rollout) [ "$STUB_ROLLOUT" != fail ] || exit 1 ;;
            esac
            exit 0
            """;

    @TempDir
    Path tmp;

    Path kubectl;
    Path calls;

    record Run(int exitCode, String output, List<String> calls) {}

    @BeforeEach
    void stub() throws IOException {
        kubectl = tmp.resolve("kubectl");
        Files.writeString(kubectl, STUB);
        Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
        calls = tmp.resolve("calls");
    }

    Run deploy(Map<String, String> env, String... args) throws Exception {
        Files.deleteIfExists(calls);
        ProcessBuilder pb = new ProcessBuilder("sh", "docker/kubernetes/deploy.sh");
        pb.command().addAll(List.of(args));
        pb.environment().put("KUBECTL", kubectl.toString());
        pb.environment().put("STUB_CALLS", calls.toString());
        pb.environment().put("POLL_SECONDS", "0");
        pb.environment().put("STUB_JOB", "Complete");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> made = Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        return new Run(p.exitValue(), output, made);
    }

    private static String release(String tag) {
        return Path.of("docker/.deploy", tag, "release")
                .toAbsolutePath()
                .normalize()
                .toString();
    }

    private static String migrate(String tag) {
        return Path.of("docker/.deploy", tag, "migrate")
                .toAbsolutePath()
                .normalize()
                .toString();
    }

    @Test
    void aDeployMigratesFirstThenRollsOut() throws Exception {
        Run run = deploy(Map.of(), "0.2.0");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.calls())
                .containsExactly(
                        "apply -k " + release("0.2.0") + " -l app.kubernetes.io/component=config",
                        "create -k " + migrate("0.2.0"),
                        "get job/app-migrate-0-2-0 -o jsonpath={range .status.conditions[?(@.status==\"True\")]}"
                                + "{.type}{\" \"}{end}",
                        "apply -k " + release("0.2.0"),
                        "rollout status deployment/app-web --timeout=600s",
                        "rollout status deployment/app-worker --timeout=600s");
        assertThat(run.output()).contains("release 0.2.0 deployed");
    }

    @Test
    void aFailedMigrationRollsNothingOut() throws Exception {
        Run run = deploy(Map.of("STUB_JOB", "FailureTarget Failed"), "0.2.0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.calls()).noneMatch(c -> c.equals("apply -k " + release("0.2.0")));
        assertThat(run.calls()).noneMatch(c -> c.startsWith("rollout"));
        assertThat(run.output()).contains("job/app-migrate-0-2-0 failed", "kubectl logs job/app-migrate-0-2-0");
    }

    @Test
    void aMigrationThatNeverEndsStopsTheDeployAtItsTimeout() throws Exception {
        Run run = deploy(Map.of("STUB_JOB", "", "MIGRATE_TIMEOUT", "0"), "0.2.0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("has not finished after 0s");
        assertThat(run.calls()).noneMatch(c -> c.startsWith("rollout"));
    }

    @Test
    void deployingTheSameReleaseAgainWaitsOnItsMigrationInsteadOfRunningItTwice() throws Exception {
        Run run = deploy(Map.of("STUB_CREATE", "exists"), "0.2.0");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("job/app-migrate-0-2-0 exists");
        assertThat(run.calls()).filteredOn(c -> c.startsWith("delete")).isEmpty();
        assertThat(run.calls()).contains("apply -k " + release("0.2.0"));
    }

    @Test
    void aClusterThatRefusesTheJobStopsTheDeploy() throws Exception {
        Run run = deploy(Map.of("STUB_CREATE", "error"), "0.2.0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("Unauthorized");
        assertThat(run.calls()).noneMatch(c -> c.startsWith("get") || c.startsWith("rollout"));
    }

    @Test
    void aRolloutThatDoesNotBecomeReadySaysHowToGoBack() throws Exception {
        Run run = deploy(Map.of("STUB_ROLLOUT", "fail"), "0.2.0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("rollout undo deployment/app-web");
    }

    @Test
    void aRollbackPutsTheEarlierReleaseBackWithoutMigrating() throws Exception {
        Run run = deploy(Map.of(), "--rollback", "0.1.0");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.calls())
                .containsExactly(
                        "apply -k " + release("0.1.0"),
                        "rollout status deployment/app-web --timeout=600s",
                        "rollout status deployment/app-worker --timeout=600s");
        assertThat(Files.readString(Path.of(release("0.1.0"), "kustomization.yaml")))
                .contains("newTag: \"0.1.0\"");
    }

    @Test
    void everyTagGetsAMigrateJobNameKubernetesAccepts() throws Exception {
        Map<String, String> expected = Map.of(
                "0.2.0", "app-migrate-0-2-0",
                "1.4.0-RC_1", "app-migrate-1-4-0-rc-1",
                "v2026.11.29", "app-migrate-v2026-11-29");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            deploy(Map.of(), "--print", e.getKey());
            assertThat(Files.readString(Path.of(migrate(e.getKey()), "kustomization.yaml")))
                    .contains("# Written by deploy.sh: the migrate Job of release " + e.getKey() + ", named "
                            + e.getValue() + ".");
        }
        String longTag = "release-" + "x".repeat(100);
        deploy(Map.of(), "--print", longTag);
        String name = Kustomize.build(Path.of(migrate(longTag)))
                .getFirst()
                .at("/metadata/name")
                .asText();
        assertThat(name).startsWith("app-migrate-release-xxx").hasSizeLessThanOrEqualTo(63);
        assertThat(name).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @Test
    void aBadTagIsAUsageError() throws Exception {
        for (String[] args : List.of(
                new String[] {}, new String[] {"-x", "1"}, new String[] {"a b"}, new String[] {"0.2.0", "0.3.0"})) {
            Run run = deploy(Map.of(), args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.calls()).isEmpty();
        }
    }
}
