package dev.onebinary.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onebinary.admin.Cli;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Release;
import dev.onebinary.platform.deploy.JobManifest;
import dev.onebinary.platform.deploy.KubernetesNames;
import dev.onebinary.platform.deploy.PodTemplates;
import dev.onebinary.platform.deploy.ReleaseImage;
import dev.onebinary.tasks.TableTask;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code app job}: for every admin command of this release, the Job it prints is a valid Kubernetes object that runs
 * this release's image with a command line this release accepts, under the same rules as docker/kubernetes; a typo
 * prints nothing and exits 2.
 */
class JobCommandTest {

    static final String IMAGE = "registry.example.com/app:test";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Options a command needs to be a Job at all (the worker drains once); required ones are filled in by type. */
    private static final Map<String, List<String>> SAMPLE_ARGS = Map.of("worker", List.of("--once"));

    /** Not one-off processes: the web process, and app job itself. */
    private static final Set<String> REFUSED = Set.of("serve", "job");

    record Result(int exitCode, String out, String err) {
        JsonNode manifest() {
            List<JsonNode> docs = Kustomize.parse(out);
            assertThat(docs).as(out).hasSize(1);
            return docs.getFirst();
        }
    }

    Result app(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.parse(new PrintWriter(out, true), new PrintWriter(err, true), args)
                .execute();
        return new Result(code, out.toString(), err.toString());
    }

    /** The admin commands of this release, from its own picocli model (aliases once). */
    Set<String> adminCommands() {
        Set<String> names = new LinkedHashSet<>();
        Set<Object> seen = new HashSet<>();
        for (Map.Entry<String, CommandLine> e : Cli.model().getSubcommands().entrySet()) {
            if (seen.add(e.getValue()) && !REFUSED.contains(e.getKey())) {
                names.add(e.getKey());
            }
        }
        return names;
    }

    /**
     * A command line the command accepts: its required options and parameters with a value of their type, so a new
     * command or task (import-records FILE, redact-payload-field --field NAME) needs no line here.
     */
    List<String> sampleArgs(String command) {
        List<String> args = new ArrayList<>(SAMPLE_ARGS.getOrDefault(command, List.of()));
        CommandSpec spec = Cli.model().getSubcommands().get(command).getCommandSpec();
        for (OptionSpec o : spec.options()) {
            if (o.required() && o.group() == null) {
                args.add(o.longestName());
                args.add(sample(o.type()));
            }
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.required() && p.group() == null) {
                args.add(sample(p.type()));
            }
        }
        if (command.equals("console")
                && Cli.model().getSubcommands().get("console").getCommandSpec().findOption("--reason") != null) {
            args.addAll(List.of("--reason", "check invoice 42"));
        }
        return args;
    }

    @Test
    void printsAValidJobOfThisReleaseForEveryAdminCommand() {
        Set<String> commands = adminCommands();
        assertThat(commands).contains("migrate", "fix-bad-records", "purge-records", "console", "runs", "worker");
        Release release = Release.current();
        for (String command : commands) {
            List<String> argv = new ArrayList<>(List.of("job", command));
            argv.addAll(sampleArgs(command));
            argv.addAll(List.of("--image", IMAGE));
            Result r = app(argv.toArray(String[]::new));
            assertThat(r.exitCode()).as(command + ": " + r.err()).isZero();
            JsonNode manifest = r.manifest();
            String where = "app " + String.join(" ", argv);
            KubernetesSchema.validate(where, manifest);
            Workload w = new Workload(where, manifest);
            assertThat(manifest.path("kind").asText()).isEqualTo(command.equals("console") ? "Pod" : "Job");
            assertThat(w.restrictedViolations()).as(where).isEmpty();
            if (w.jobSpec() != null) {
                assertThat(w.jobViolations()).as(where).isEmpty();
            }
            JsonNode container = w.containers().getFirst();
            assertThat(container.path("image").asText()).isEqualTo(IMAGE);
            assertThat(container.path("envFrom"))
                    .isEqualTo(JSON.valueToTree(PodTemplates.envFrom(command.equals("console"))));
            assertThat(manifest.at("/metadata/annotations")
                            .path(JobManifest.RELEASE_ANNOTATION)
                            .asText())
                    .isEqualTo(release.id());
            assertThat(manifest.at("/metadata/labels/app.kubernetes.io~1version")
                            .asText())
                    .isEqualTo(KubernetesNames.labelValue(release.id()));
            assertThat(w.podMetadata()
                            .path("labels")
                            .path("app.kubernetes.io/component")
                            .asText())
                    .isEqualTo(command);
            String name = manifest.at("/metadata/name").asText();
            assertThat(KubernetesNames.isDnsLabel(name)).as(name).isTrue();
            assertThat(name).startsWith("app-" + command + "-");
            List<String> args = w.args();
            assertThat(args.subList(0, 1 + sampleArgs(command).size()))
                    .as("the command line given, as given")
                    .isEqualTo(argv.subList(1, 2 + sampleArgs(command).size()));
            ManifestsTest.assertParses(where, container.path("args"));
            assertThat(r.err()).contains(name);
        }
    }

    @Test
    void aTypoExitsUsageBeforePrintingAnything() {
        for (List<String> typo : List.of(
                List.of("job", "fix-bad-recrods", "--dry-run"),
                List.of("job", "fix-bad-records", "--batchsize", "10"),
                List.of("job", "fix-bad-records", "--shard", "5/4"),
                List.of("job", "purge-records"),
                List.of("job", "migrate", "--target"),
                List.of("job", "console", "--statement-timeout", "soon"),
                List.of("job", "fix-bad-records", "--dry-run", "--shards", "0"),
                List.of("job", "fix-bad-records", "--sidecar", "sometimes"),
                List.of("job", "fix-bad-records", "--name", "Not_A_Name"),
                List.of("job"))) {
            Result r = app(with(typo, "--image", IMAGE));
            assertThat(r.exitCode()).as(typo + ": " + r.err()).isEqualTo(ExitCode.USAGE);
            assertThat(r.out()).as(typo.toString()).isEmpty();
            assertThat(r.err().lines()).as(typo.toString()).hasSize(1);
            assertThat(r.err()).doesNotContain("Exception", "\tat ");
        }
        assertThat(app("job", "fix-bad-recrods", "--image", IMAGE).err())
                .contains("unknown command 'fix-bad-recrods'")
                .contains("did you mean 'fix-bad-records'");
        assertThat(app("job", "fix-bad-records", "--batchsize", "10", "--image", IMAGE)
                        .err())
                .contains("app fix-bad-records: Unknown option")
                .contains("--batchsize");
    }

    @Test
    void refusesTheLongRunningProcessesAndHelp() {
        for (List<String> notAJob : List.of(
                List.of("job", "serve"),
                List.of("job", "worker"),
                List.of("job", "job", "migrate"),
                List.of("job", "migrate", "--", "--help"),
                List.of("job", "import-records", "-"))) {
            Result r = app(with(notAJob, "--image", IMAGE));
            assertThat(r.exitCode()).as(notAJob.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines()).hasSize(1);
        }
        assertThat(app("job", "worker", "--image", IMAGE).err()).contains("app-worker Deployment", "--once");
        assertThat(app("job", "import-records", "-", "--image", IMAGE).err()).contains("no stdin");
    }

    @Test
    void shardsMakeAnIndexedJobOfATaskOnly() {
        JsonNode job = app("job", "fix-bad-records", "--dry-run", "--shards", "4", "--image", IMAGE)
                .manifest();
        Workload w = new Workload("sharded", job);
        assertThat(job.at("/spec/completionMode").asText()).isEqualTo("Indexed");
        assertThat(job.at("/spec/completions").asInt()).isEqualTo(4);
        assertThat(job.at("/spec/backoffLimitPerIndex").isInt()).isTrue();
        assertThat(job.at("/spec/backoffLimit").isMissingNode()).isTrue();
        assertThat(w.jobViolations()).isEmpty();
        assertThat(w.args()).containsExactly("fix-bad-records", "--dry-run");

        Result notATask = app("job", "migrate", "--shards", "2", "--image", IMAGE);
        assertThat(notATask.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(notATask.err()).contains("not a task");
        Result both = app("job", "fix-bad-records", "--shard", "1/4", "--shards", "4", "--image", IMAGE);
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(both.out()).isEmpty();
    }

    @Test
    void everyTaskThatAppTasksListsRunsAsAJobAndOnlyTableTasksAsShards() {
        Map<String, CommandLine> tasks = Cli.tasks(Cli.model());
        assertThat(tasks.keySet()).contains("fix-bad-records", "purge-records", "redact-payload-field");
        Result listed = app("tasks");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out().lines().skip(1).map(l -> l.split(" ")[0]).filter(tasks::containsKey))
                .as("app tasks and app job read one registry")
                .containsExactlyElementsOf(tasks.keySet());
        for (Map.Entry<String, CommandLine> task : tasks.entrySet()) {
            List<String> argv = new ArrayList<>(List.of("job", task.getKey()));
            argv.addAll(sampleArgs(task.getKey()));
            argv.addAll(List.of("--shards", "3", "--image", IMAGE));
            Result r = app(argv.toArray(String[]::new));
            if (task.getValue().getCommandSpec().userObject() instanceof TableTask) {
                assertThat(r.exitCode()).as(argv + ": " + r.err()).isZero();
                assertThat(r.manifest().at("/spec/completions").asInt()).isEqualTo(3);
            } else {
                // A task over one input in order (an import) cannot be split: refused here, not by every pod.
                assertThat(r.exitCode()).as(argv.toString()).isEqualTo(ExitCode.USAGE);
                assertThat(r.out()).isEmpty();
                assertThat(r.err()).contains("leave --shards out");
            }
        }
    }

    @Test
    void theConsoleIsAPodToAttachToThatEndsWithTheSession() {
        List<String> argv = new ArrayList<>(List.of("job", "console"));
        argv.addAll(sampleArgs("console"));
        Result r = app(with(argv, "--image", IMAGE));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode pod = r.manifest();
        assertThat(pod.path("kind").asText()).isEqualTo("Pod");
        JsonNode c = pod.at("/spec/containers/0");
        assertThat(c.path("stdin").asBoolean()).isTrue();
        assertThat(c.path("tty").asBoolean()).isTrue();
        assertThat(c.path("stdinOnce").asBoolean())
                .as("detaching ends the console")
                .isTrue();
        assertThat(pod.at("/spec/restartPolicy").asText()).isEqualTo("Never");
        assertThat(pod.at("/spec/activeDeadlineSeconds").asLong()).isEqualTo(2 * 3600);
        assertThat(c.path("envFrom").findValuesAsText("name")).contains(PodTemplates.CONSOLE_SECRET);
        assertThat(c.path("envFrom").get(2).at("/secretRef/optional").asBoolean())
                .isTrue();
        String name = pod.at("/metadata/name").asText();
        assertThat(r.err()).contains("kubectl attach -it pod/" + name + " -c app");
    }

    @Test
    void nativeSidecarOptionAsksTheMeshForASidecarThatEndsWithTheApp() {
        JsonNode job =
                app("job", "migrate", "--sidecar", "native", "--image", IMAGE).manifest();
        JsonNode pod = job.at("/spec/template/metadata");
        assertThat(pod.at("/annotations/sidecar.istio.io~1nativeSidecar").asText())
                .isEqualTo("true");
        assertThat(pod.at("/annotations/config.beta.linkerd.io~1proxy-enable-native-sidecar")
                        .asText())
                .isEqualTo("true");
        assertThat(pod.at("/labels/sidecar.istio.io~1inject").isMissingNode()).isTrue();
        assertThat(new Workload("native", job).jobViolations()).isEmpty();

        JsonNode optedOut = app("job", "migrate", "--image", IMAGE).manifest().at("/spec/template/metadata");
        assertThat(optedOut.at("/labels/sidecar.istio.io~1inject").asText()).isEqualTo("false");
        assertThat(optedOut.at("/annotations/linkerd.io~1inject").asText()).isEqualTo("disabled");
    }

    @Test
    void optionsAfterDoubleDashBelongToTheCommand() {
        Result r = app("job", "fix-bad-records", "--output", "json", "--image", IMAGE, "--", "--output", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{");
        JsonNode job = r.manifest();
        assertThat(new Workload("json", job).args()).containsExactly("fix-bad-records", "--output", "json");
    }

    @Test
    void jsonAndYamlAreTheSameObject() {
        JsonNode yaml =
                app("job", "runs", "--name", "app-runs-now", "--image", IMAGE).manifest();
        JsonNode json = app("job", "runs", "--name", "app-runs-now", "--output", "json", "--image", IMAGE)
                .manifest();
        assertThat(json).isEqualTo(yaml);
        assertThat(yaml.at("/metadata/name").asText()).isEqualTo("app-runs-now");
    }

    @Test
    void everyRunGetsANewName() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            names.add(app("job", "migrate", "--image", IMAGE)
                    .manifest()
                    .at("/metadata/name")
                    .asText());
        }
        assertThat(names).hasSize(20);
        String longest =
                KubernetesNames.unique("app-" + "x".repeat(100), java.time.Instant.now(), new java.util.Random());
        assertThat(KubernetesNames.isDnsLabel(longest)).as(longest).isTrue();
    }

    @Test
    void theDeadlineLeavesATaskTimeToStopItself() {
        JsonNode bounded = app("job", "fix-bad-records", "--max-duration", "30m", "--image", IMAGE)
                .manifest();
        assertThat(bounded.at("/spec/activeDeadlineSeconds").asLong()).isEqualTo(40 * 60);
        JsonNode given =
                app("job", "migrate", "--deadline", "1h", "--image", IMAGE).manifest();
        assertThat(given.at("/spec/activeDeadlineSeconds").asLong()).isEqualTo(3600);
        JsonNode unbounded = app("job", "migrate", "--image", IMAGE).manifest();
        assertThat(unbounded.at("/spec/activeDeadlineSeconds").asLong()).isEqualTo(6 * 3600);
    }

    @Test
    void withoutAnImageItSaysWhereToSetIt() {
        assumeTrue(System.getenv(ReleaseImage.ENV) == null && System.getenv(ReleaseImage.REPOSITORY_ENV) == null);
        Result r = app("job", "migrate");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("APP_IMAGE", "APP_IMAGE_REPOSITORY");
    }

    @Test
    void theImageOfThisReleaseIsItsRepositoryTaggedWithItsVersion() {
        Release release = new Release("1.4.0", "3f2a9c1", "2026-11-29T00:00:00Z", "");
        assertThat(ReleaseImage.resolve(Map.of("APP_IMAGE_REPOSITORY", "r.example/app")::get, release))
                .contains("r.example/app:1.4.0");
        assertThat(ReleaseImage.resolve(
                        Map.of("APP_IMAGE", "r.example/app@sha256:ab", "APP_IMAGE_REPOSITORY", "r.example/app")::get,
                        release))
                .contains("r.example/app@sha256:ab");
        assertThat(ReleaseImage.resolve(Map.<String, String>of()::get, release)).isEmpty();
        assertThat(ReleaseImage.resolve(
                        Map.of("APP_IMAGE_REPOSITORY", "r.example/app")::get,
                        new Release("unknown", "unknown", "unknown", "")))
                .isEmpty();
        ObjectNode labelled =
                (ObjectNode) app("job", "migrate", "--image", IMAGE).manifest();
        assertThat(labelled.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo(IMAGE);
    }

    @Test
    void noAdminCommandHasAnOptionThatAppJobWouldTakeForItself() {
        CommandLine model = Cli.model();
        Set<String> jobOptions = new HashSet<>();
        for (OptionSpec o : model.getSubcommands().get("job").getCommandSpec().options()) {
            jobOptions.addAll(List.of(o.names()));
        }
        // --output (--json) and the help options are shared by design: after --, they reach the command (README).
        Set<String> shared = Set.of("--output", "--json", "-h", "--help", "-V", "--version");
        for (String command : adminCommands()) {
            for (OptionSpec o :
                    model.getSubcommands().get(command).getCommandSpec().options()) {
                for (String name : o.names()) {
                    assertThat(shared.contains(name) || !jobOptions.contains(name))
                            .as(command + " " + name + " would be taken by app job; rename one of them")
                            .isTrue();
                }
            }
        }
    }

    private static String sample(Class<?> type) {
        if (type == Duration.class) {
            return "365d";
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0].toString();
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "1";
        }
        return "sample";
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
