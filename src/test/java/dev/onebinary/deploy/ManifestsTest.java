package dev.onebinary.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onebinary.admin.Cli;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.deploy.PodTemplates;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Keeps docker/ honest across releases. The base and each release's migrate Job are rendered as deploy.sh renders
 * them, for two releases, and checked as a cluster would take them: a second release changes only what Kubernetes
 * lets change, no one-off task runs at deploy, every Job retries only what a retry can fix, every pod meets the
 * restricted Pod Security Standard, every object fits the Kubernetes API, and every command line parses with this
 * release's own picocli model, so renaming an option breaks the build instead of a production Job.
 */
class ManifestsTest {

    static final Path KUBERNETES = Path.of("docker/kubernetes");
    static final String REPOSITORY = "registry.example.com/app";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fields of objects that a cluster refuses to change once they exist (a Job's spec is never in both renders). */
    private static final Map<String, List<String>> IMMUTABLE = Map.of(
            "ConfigMap", List.of(),
            "Deployment", List.of("/spec/selector"),
            "Service", List.of("/spec/clusterIP", "/spec/clusterIPs"),
            "PodDisruptionBudget", List.of(),
            "CronJob", List.of());

    /** The only CronJob in the base that runs on a schedule; every other one is a suspended template. */
    private static final Set<String> SCHEDULED = Set.of("app-purge-records");

    /** What deploy.sh applies (release) and creates (migrate) for one release. */
    record Rendered(String tag, List<ObjectNode> release, List<ObjectNode> migrate) {
        List<Workload> workloads() {
            List<Workload> all = new ArrayList<>();
            Stream.concat(release.stream(), migrate.stream())
                    .filter(o -> Kustomize.podSpec(o) != null)
                    .forEach(o -> all.add(new Workload(
                            tag + " " + o.path("metadata").path("name").asText(), o)));
            return all;
        }

        ObjectNode find(String kind, String name) {
            return release.stream()
                    .filter(o -> o.path("kind").asText().equals(kind)
                            && o.path("metadata").path("name").asText().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(kind + " " + name + " not in release " + tag));
        }
    }

    /** Renders release TAG: deploy.sh writes its kustomizations (docker/.deploy/TAG), the subset renders them. */
    static Rendered render(String tag) {
        Path dir = deployDir(tag, "true");
        return new Rendered(tag, Kustomize.build(dir.resolve("release")), Kustomize.build(dir.resolve("migrate")));
    }

    /** Runs deploy.sh --print with the given kubectl (a no-op one writes the kustomizations and nothing else). */
    static Path deployDir(String tag, String kubectl) {
        try {
            ProcessBuilder pb = new ProcessBuilder(
                            "sh", KUBERNETES.resolve("deploy.sh").toString(), "--print", tag)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("KUBECTL", kubectl);
            Process p = pb.start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("deploy.sh --print " + tag).isZero();
            return Path.of("docker/.deploy", tag);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachReleaseRunsItsOwnImageAndCarriesItsVersion() {
        for (String tag : List.of("0.1.0", "0.2.0")) {
            Rendered r = render(tag);
            for (Workload w : r.workloads()) {
                for (JsonNode c : w.containers()) {
                    assertThat(c.path("image").asText()).as(w.where()).isEqualTo(REPOSITORY + ":" + tag);
                }
                assertThat(w.podMetadata()
                                .path("labels")
                                .path("app.kubernetes.io/version")
                                .asText())
                        .as(w.where() + " pods")
                        .isEqualTo(tag);
            }
            Stream.concat(r.release().stream(), r.migrate().stream()).forEach(o -> assertThat(o.path("metadata")
                            .path("labels")
                            .path("app.kubernetes.io/version")
                            .asText())
                    .as(o.path("metadata").path("name").asText())
                    .isEqualTo(tag));
        }
    }

    @Test
    void aSecondReleaseChangesOnlyWhatKubernetesLetsChange() {
        assertThat(changesRefused(render("0.1.0"), render("0.2.0"))).isEmpty();
    }

    /** What applying release b over release a would have refused: immutable fields changed, or a Job in both. */
    static List<String> changesRefused(Rendered a, Rendered b) {
        List<String> refused = new ArrayList<>();
        Map<String, ObjectNode> before = byId(a);
        Map<String, ObjectNode> after = byId(b);
        assertThat(after.keySet())
                .as("the base has the same objects in every release, apart from each release's migrate Job")
                .containsAll(byId(new Rendered(a.tag(), a.release(), List.of())).keySet());
        for (Map.Entry<String, ObjectNode> e : after.entrySet()) {
            ObjectNode old = before.get(e.getKey());
            if (old == null) {
                continue;
            }
            String kind = e.getValue().path("kind").asText();
            if (kind.equals("Job")) {
                refused.add(e.getKey() + ": a Job with this name exists already (its template cannot change)");
                continue;
            }
            List<String> immutable = IMMUTABLE.get(kind);
            if (immutable == null) {
                refused.add(e.getKey() + ": which fields of a " + kind + " are immutable? Add it to IMMUTABLE");
                continue;
            }
            for (String path : immutable) {
                if (!old.at(path).equals(e.getValue().at(path))) {
                    refused.add(e.getKey() + ": " + path + " changed");
                }
            }
            if (kind.equals("ConfigMap") && old.path("immutable").asBoolean(false)) {
                refused.add(e.getKey() + ": an immutable ConfigMap cannot take the next release's data");
            }
        }
        return refused;
    }

    private static Map<String, ObjectNode> byId(Rendered r) {
        Map<String, ObjectNode> objects = new TreeMap<>();
        Stream.concat(r.release().stream(), r.migrate().stream())
                .forEach(o -> objects.put(
                        o.path("kind").asText() + "/"
                                + o.path("metadata").path("name").asText(),
                        o));
        return objects;
    }

    @Test
    void theBaseHoldsNoJobAndOneOffTasksRunOnlyWhenAsked() {
        Rendered a = render("0.1.0");
        Rendered b = render("0.2.0");
        assertThat(a.release()).extracting(o -> o.path("kind").asText()).doesNotContain("Job", "Pod");
        for (ObjectNode o : a.release()) {
            if (o.path("kind").asText().equals("CronJob")) {
                String name = o.path("metadata").path("name").asText();
                assertThat(SCHEDULED.contains(name)
                                || o.path("spec").path("suspend").asBoolean(false))
                        .as(name + " is a one-off task template, so it must be suspended")
                        .isTrue();
            }
        }
        assertThat(a.migrate()).singleElement().satisfies(job -> assertThat(
                        job.path("metadata").path("name").asText())
                .isEqualTo("app-migrate-0-1-0"));
        assertThat(b.migrate()).singleElement().satisfies(job -> assertThat(
                        job.path("metadata").path("name").asText())
                .isEqualTo("app-migrate-0-2-0"));
        assertThat(a.migrate()
                        .getFirst()
                        .path("spec")
                        .path("template")
                        .path("spec")
                        .path("containers")
                        .get(0)
                        .path("args"))
                .isEqualTo(JSON.createArrayNode().add("migrate"));
    }

    @Test
    void everyJobRetriesOnlyWhatARetryCanFixAndEnds() {
        List<Workload> jobs = render("0.1.0").workloads().stream()
                .filter(w -> w.jobSpec() != null)
                .toList();
        assertThat(jobs)
                .extracting(Workload::name)
                .containsExactlyInAnyOrder("app-purge-records", "app-fix-bad-records", "app-migrate-0-1-0");
        for (Workload job : jobs) {
            assertThat(job.jobViolations()).as(job.where()).isEmpty();
        }
    }

    @Test
    void everyExitCodeHasAJobPolicy() throws IllegalAccessException {
        List<Integer> codes = new ArrayList<>();
        for (Field f : ExitCode.class.getFields()) {
            int code = f.getInt(null);
            if (Modifier.isStatic(f.getModifiers()) && code > 0 && code < 126) {
                codes.add(code);
            }
        }
        Set<Integer> classified = new HashSet<>(PodTemplates.FAIL_JOB);
        classified.addAll(PodTemplates.RETRY);
        assertThat(PodTemplates.FAIL_JOB).doesNotContainAnyElementsOf(PodTemplates.RETRY);
        assertThat(classified)
                .as("each exit code either fails the Job or is retried")
                .containsExactlyInAnyOrderElementsOf(codes);
        assertThat(PodTemplates.FAIL_JOB).contains(ExitCode.USAGE, ExitCode.LOCKED, ExitCode.SCHEMA_BEHIND);
        assertThat(PodTemplates.RETRY).contains(ExitCode.UNAVAILABLE);
    }

    @Test
    void everyPodMeetsTheRestrictedPodSecurityStandard() {
        List<Workload> workloads = render("0.1.0").workloads();
        assertThat(workloads).hasSize(5);
        for (Workload w : workloads) {
            assertThat(w.restrictedViolations()).as(w.where()).isEmpty();
        }
    }

    @Test
    void everyObjectFitsTheKubernetesApi() {
        for (String tag : List.of("0.1.0", "0.2.0")) {
            Rendered r = render(tag);
            Stream.concat(r.release().stream(), r.migrate().stream())
                    .forEach(o -> KubernetesSchema.validate(
                            tag + " " + o.path("kind").asText() + " "
                                    + o.path("metadata").path("name").asText(),
                            o));
        }
    }

    @Test
    void theApiTheObjectsAreCheckedAgainstIsKubernetes134() {
        // Container.restartPolicyRules came with Kubernetes 1.34: a model that knows it is at least 1.34's.
        JsonNode pod = Kustomize.parse("""
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: probe}
                        spec:
                          containers:
                            - name: app
                              image: app
                              restartPolicy: Never
                              restartPolicyRules:
                                - action: Restart
                                  exitCodes: {operator: In, values: [42]}
                        """).getFirst();
        KubernetesSchema.validate("1.34 field", pod);
        ((ObjectNode) pod.at("/spec/containers/0"))
                .set("restartPolicyRule", pod.at("/spec/containers/0/restartPolicyRules"));
        assertThatThrownBy(() -> KubernetesSchema.validate("misspelled", pod))
                .hasMessageContaining("restartPolicyRule");
    }

    @Test
    void theChecksCatchWhatAClusterWouldRefuse() {
        Rendered a = render("0.1.0");
        Workload web = new Workload("web", a.find("Deployment", "app-web").deepCopy());
        ((ObjectNode) web.podSpec().path("containers").get(0).path("securityContext"))
                .put("allowPrivilegeEscalation", true)
                .remove("readOnlyRootFilesystem");
        ((ObjectNode) web.podSpec().path("securityContext")).put("runAsUser", 0);
        assertThat(web.restrictedViolations()).hasSizeGreaterThanOrEqualTo(3);

        Workload migrate = new Workload("migrate", a.migrate().getFirst().deepCopy());
        ((ObjectNode) migrate.jobSpec()).remove("activeDeadlineSeconds");
        ((ObjectNode) migrate.jobSpec().at("/podFailurePolicy/rules/0/onExitCodes"))
                .putArray("values")
                .add(2);
        assertThat(migrate.jobViolations()).hasSize(2);

        ObjectNode misspelled = a.migrate().getFirst().deepCopy();
        ((ObjectNode) misspelled.get("spec")).put("backoffLimitPerindex", 1);
        assertThatThrownBy(() -> KubernetesSchema.validate("misspelled", misspelled))
                .hasMessageContaining("backoffLimitPerindex");

        Rendered jobInBase = new Rendered("x", a.release(), a.migrate());
        assertThat(changesRefused(a, jobInBase)).singleElement().asString().contains("Job");
        Rendered selectorChanged = render("0.2.0");
        ((ObjectNode) selectorChanged.find("Deployment", "app-web").at("/spec/selector/matchLabels"))
                .put("app.kubernetes.io/version", "0.2.0");
        assertThat(changesRefused(a, selectorChanged))
                .singleElement()
                .asString()
                .contains("/spec/selector");
    }

    @Test
    void everyPodSharesTheSameConfigurationAndSecurityAsAppJob() {
        Object expectedEnvFrom = JSON.valueToTree(PodTemplates.envFrom(false));
        for (Workload w : render("0.1.0").workloads()) {
            JsonNode c = w.containers().getFirst();
            assertThat(w.containers()).as(w.where()).hasSize(1);
            assertThat(c.path("name").asText()).isEqualTo(PodTemplates.CONTAINER);
            assertThat(c.path("envFrom")).as(w.where()).isEqualTo(expectedEnvFrom);
            assertThat(c.path("env").findValuesAsText("name")).as(w.where()).contains("POD_NAME", "HOME");
            assertThat(w.podSpec().path("securityContext"))
                    .as(w.where())
                    .isEqualTo(JSON.valueToTree(PodTemplates.podSecurityContext()));
            assertThat(c.path("securityContext"))
                    .as(w.where())
                    .isEqualTo(JSON.valueToTree(PodTemplates.containerSecurityContext()));
            assertThat(w.podSpec().path("volumes")).as(w.where()).isEqualTo(JSON.valueToTree(PodTemplates.volumes()));
            assertThat(w.podSpec().path("automountServiceAccountToken").asBoolean(true))
                    .as(w.where() + " needs no Kubernetes API token")
                    .isFalse();
            if (w.jobSpec() != null) {
                assertThat(c.path("resources")).as(w.where()).isEqualTo(JSON.valueToTree(PodTemplates.jobResources()));
            }
        }
    }

    @Test
    void everyContainerCommandLineParsesWithThisRelease() throws IOException {
        for (Workload w : render("0.1.0").workloads()) {
            assertThat(w.containers().getFirst().has("command"))
                    .as(w.where() + " keeps the image's ENTRYPOINT")
                    .isFalse();
            assertParses(w.where(), w.containers().getFirst().path("args"));
        }
        JsonNode compose =
                Kustomize.YAML.readTree(Path.of("docker/compose.yaml").toFile());
        compose.get("services").properties().forEach(service -> {
            if (service.getValue().path("image").asText().equals("app")) {
                assertParses("compose " + service.getKey(), service.getValue().path("command"));
            }
        });
    }

    @Test
    void aRenamedOptionWouldFailTheCheck() {
        assertThatThrownBy(() -> Cli.model().parseArgs("fix-bad-records", "--batchsize", "10"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void webProcessIsProbedScrapedAndSizedFromTheBenchmark() {
        Rendered r = render("0.1.0");
        ObjectNode deployment = r.find("Deployment", "app-web");
        Workload web = new Workload("web", deployment);
        JsonNode c = web.containers().getFirst();
        assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        JsonNode annotations = web.podMetadata().path("annotations");
        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo("8080");
        // README "Performance": the native web process idles at 97 MiB RSS.
        long request = Workload.bytes(c.at("/resources/requests/memory").asText());
        long limit = Workload.bytes(c.at("/resources/limits/memory").asText());
        assertThat(request).isGreaterThanOrEqualTo(97L << 20);
        assertThat(limit).isGreaterThanOrEqualTo(2 * request);
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt())
                .as("old pods serve until new ones are ready")
                .isZero();

        JsonNode podLabels = web.podMetadata().path("labels");
        JsonNode pdb = r.find("PodDisruptionBudget", "app-web");
        assertThat(selects(pdb.at("/spec/selector/matchLabels"), podLabels)).isTrue();
        assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        assertThat(selects(deployment.at("/spec/selector/matchLabels"), podLabels))
                .isTrue();
        JsonNode service = r.find("Service", "app-web");
        assertThat(selects(service.at("/spec/selector"), podLabels)).isTrue();
        assertThat(service.at("/spec/ports/0/targetPort").asText())
                .isEqualTo(c.at("/ports/0/name").asText());
        for (JsonNode worker : List.of(r.find("Deployment", "app-worker"))) {
            assertThat(selects(worker.at("/spec/selector/matchLabels"), podLabels))
                    .as("the worker's selector must not pick web pods")
                    .isFalse();
        }

        JsonNode config = r.find("ConfigMap", "app-config").path("data");
        assertThat(config.path("QUARKUS_LOG_CONSOLE_JSON_ENABLED").asText()).isEqualTo("true");
        assertThat(config.path("APP_IMAGE_REPOSITORY").asText())
                .as("app job in a pod prints this repository; kustomization.yaml deploys it")
                .isEqualTo(REPOSITORY);
        JsonNode kustomization =
                Kustomize.read(KUBERNETES.resolve("kustomization.yaml")).getFirst();
        assertThat(kustomization.at("/images/0/newName").asText()).isEqualTo(REPOSITORY);
    }

    @Test
    void theWorkerIsScrapedOnTheMetricsPortItIsToldToOpen() {
        Workload worker = new Workload("worker", render("0.1.0").find("Deployment", "app-worker"));
        JsonNode c = worker.containers().getFirst();
        List<String> port = new ArrayList<>();
        c.path("env").forEach(e -> {
            if (e.path("name").asText().equals("APP_WORKER_METRICS_PORT")) {
                port.add(e.path("value").asText());
            }
        });
        assertThat(port).as("app.worker.metrics-port, set for the worker only").containsExactly("9090");
        assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(9090);
        assertThat(c.at("/ports/0/name").asText()).isEqualTo("metrics");
        JsonNode annotations = worker.podMetadata().path("annotations");
        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo("9090");
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
        for (Workload w : render("0.1.0").workloads()) {
            if (!w.name().equals("app-worker")) {
                assertThat(w.containers().getFirst().path("env").findValuesAsText("name"))
                        .as(w.where() + ": only the worker opens the worker's metrics port")
                        .doesNotContain("APP_WORKER_METRICS_PORT");
            }
        }
    }

    @Test
    void serviceMonitorExampleScrapesTheWebServiceAndIsNotApplied() {
        JsonNode monitor = Kustomize.read(KUBERNETES.resolve("examples/servicemonitor.yaml"))
                .getFirst();
        assertThat(monitor.path("kind").asText()).isEqualTo("ServiceMonitor");
        Rendered r = render("0.1.0");
        assertThat(r.release()).extracting(o -> o.path("kind").asText()).doesNotContain("ServiceMonitor");
        JsonNode service = r.find("Service", "app-web");
        assertThat(selects(monitor.at("/spec/selector/matchLabels"), service.at("/metadata/labels")))
                .isTrue();
        assertThat(monitor.at("/spec/endpoints/0/port").asText())
                .isEqualTo(service.at("/spec/ports/0/name").asText());
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
    }

    @Test
    void theSubsetRendersWhatKustomizeRenders() throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl (with its built-in kustomize) is not installed here");
        Path dir = deployDir("0.2.0", "kubectl");
        for (Path kustomization : List.of(KUBERNETES, dir.resolve("release"), dir.resolve("migrate"))) {
            Process p = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("kubectl kustomize " + kustomization).isZero();
            assertThat(byKindAndName(Kustomize.parse(out)))
                    .as(kustomization.toString())
                    .isEqualTo(byKindAndName(new ArrayList<>(Kustomize.build(kustomization))));
        }
    }

    @Test
    void imagesRunTheBinaryWithNoDefaultArguments() throws IOException {
        for (String dockerfile : List.of("Dockerfile.native", "Dockerfile.native-multistage")) {
            String text = Files.readString(Path.of("docker", dockerfile));
            assertThat(text).as(dockerfile).contains("ENTRYPOINT [\"./app\"]").doesNotContain("\nCMD");
            assertThat(text).as(dockerfile).contains("USER " + PodTemplates.UID);
        }
        assertThat(Files.readString(Path.of("docker/Dockerfile.jvm")))
                .contains("-XX:AOTCache=app.aot")
                .doesNotContain("\nCMD");
    }

    private static Map<String, JsonNode> byKindAndName(List<? extends JsonNode> objects) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        objects.forEach(o -> m.put(
                o.path("kind").asText() + "/" + o.path("metadata").path("name").asText(), o));
        return new TreeMap<>(m);
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        for (var e : selector.properties()) {
            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    static void assertParses(String where, JsonNode args) {
        List<String> argv = new ArrayList<>();
        args.forEach(a -> argv.add(a.asText()));
        try {
            Cli.model().parseArgs(argv.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(
                    where + ": `app " + String.join(" ", argv) + "` is not a valid command line of this release: "
                            + e.getMessage(),
                    e);
        }
    }
}
