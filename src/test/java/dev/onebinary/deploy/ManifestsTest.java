package dev.onebinary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.onebinary.admin.Cli;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Keeps docker/ honest: every workload runs the one image with the same configuration, every Job can be retried
 * and cleaned up, and every command line in a manifest parses with this release's own picocli model, so renaming an
 * option breaks the build instead of a production Job.
 */
@QuarkusTest
class ManifestsTest {

    private static final Path KUBERNETES = Path.of("docker/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Inject
    CommandLine.IFactory factory;

    /** A container of a workload, with what the checks need of its workload. */
    record Container(String workload, String kind, JsonNode podSpec, JsonNode jobSpec, JsonNode container) {}

    @Test
    void everyWorkloadRunsTheImageNamedOnceInKustomization() throws IOException {
        JsonNode kustomization =
                YAML.readTree(KUBERNETES.resolve("kustomization.yaml").toFile());
        assertThat(kustomization.get("images")).hasSize(1);
        String image = kustomization.get("images").get(0).get("name").asText();
        List<String> resources = new ArrayList<>();
        kustomization.get("resources").forEach(r -> resources.add(r.asText()));
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            assertThat(files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")))
                    .as("every manifest is listed in kustomization.yaml")
                    .containsExactlyInAnyOrderElementsOf(resources);
        }
        List<Container> containers = containers();
        assertThat(containers)
                .extracting(Container::workload)
                .contains("app-web", "app-worker", "app-migrate", "app-fix-bad-records", "app-purge-records");
        for (Container c : containers) {
            assertThat(c.container().get("image").asText()).as(c.workload()).isEqualTo(image);
        }
    }

    @Test
    void everyWorkloadSharesTheSameEnvFrom() throws IOException {
        Set<JsonNode> envFroms = new HashSet<>();
        for (Container c : containers()) {
            assertThat(c.container().get("envFrom")).as(c.workload()).isNotNull();
            envFroms.add(c.container().get("envFrom"));
        }
        assertThat(envFroms).hasSize(1);
        JsonNode envFrom = envFroms.iterator().next();
        assertThat(envFrom.findValuesAsText("name")).containsExactly("app-config", "app-secrets");
    }

    @Test
    void everyJobNeverRestartsInPlaceRetriesBoundedlyAndCleansUp() throws IOException {
        List<Container> jobs =
                containers().stream().filter(c -> c.jobSpec() != null).toList();
        assertThat(jobs)
                .extracting(Container::workload)
                .contains("app-migrate", "app-fix-bad-records", "app-purge-records");
        for (Container job : jobs) {
            assertThat(job.podSpec().path("restartPolicy").asText())
                    .as(job.workload())
                    .isEqualTo("Never");
            assertThat(job.jobSpec().has("backoffLimit"))
                    .as(job.workload() + " backoffLimit")
                    .isTrue();
            assertThat(job.jobSpec().has("ttlSecondsAfterFinished"))
                    .as(job.workload() + " ttlSecondsAfterFinished")
                    .isTrue();
        }
    }

    @Test
    void indexedJobsTellTheAppHowManyShardsThereAre() throws IOException {
        for (Container c : containers()) {
            if (c.jobSpec() != null
                    && "Indexed".equals(c.jobSpec().path("completionMode").asText())) {
                int completions = c.jobSpec().get("completions").asInt();
                assertThat(c.jobSpec().get("parallelism").asInt()).isEqualTo(completions);
                assertThat(c.container().get("env").findParents("name").stream()
                                .filter(e -> e.get("name").asText().equals("JOB_COMPLETIONS"))
                                .map(e -> e.get("value").asText()))
                        .as(c.workload() + " sets JOB_COMPLETIONS to its completions")
                        .containsExactly(Integer.toString(completions));
            }
        }
    }

    @Test
    void cronJobsNeverOverlap() throws IOException {
        for (JsonNode doc : documents()) {
            if (doc.path("kind").asText().equals("CronJob")) {
                assertThat(doc.path("spec").path("concurrencyPolicy").asText()).isEqualTo("Forbid");
            }
        }
    }

    @Test
    void everyContainerCommandLineParsesWithThisRelease() throws IOException {
        for (Container c : containers()) {
            assertThat(c.container().has("command"))
                    .as(c.workload() + " keeps the image's ENTRYPOINT")
                    .isFalse();
            assertParses(c.workload(), c.container().path("args"));
        }
        JsonNode compose = YAML.readTree(Path.of("docker/compose.yaml").toFile());
        compose.get("services").properties().forEach(service -> {
            if (service.getValue().path("image").asText().equals("app")) {
                assertParses("compose " + service.getKey(), service.getValue().path("command"));
            }
        });
    }

    @Test
    void aRenamedOptionWouldFailTheCheck() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Cli.model().parseArgs("fix-bad-records", "--batchsize", "10"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void imagesRunTheBinaryWithNoDefaultArguments() throws IOException {
        for (String dockerfile : List.of("Dockerfile.native", "Dockerfile.native-multistage")) {
            String text = Files.readString(Path.of("docker", dockerfile));
            assertThat(text).as(dockerfile).contains("ENTRYPOINT [\"./app\"]").doesNotContain("\nCMD");
            assertThat(text).as(dockerfile).contains("USER 1001");
        }
        assertThat(Files.readString(Path.of("docker/Dockerfile.jvm")))
                .contains("-XX:AOTCache=app.aot")
                .doesNotContain("\nCMD");
    }

    private void assertParses(String where, JsonNode args) {
        List<String> argv = new ArrayList<>();
        args.forEach(a -> argv.add(a.asText()));
        try {
            Cli.model().parseArgs(argv.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(
                    where + ": `app " + String.join(" ", argv) + "` is not a valid command line of" + " this release: "
                            + e.getMessage(),
                    e);
        }
    }

    private static List<JsonNode> documents() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                        if (d != null && d.has("kind")) {
                            docs.add(d);
                        }
                    });
                }
            }
        }
        return docs;
    }

    private static List<Container> containers() throws IOException {
        List<Container> containers = new ArrayList<>();
        for (JsonNode doc : documents()) {
            String kind = doc.get("kind").asText();
            JsonNode jobSpec =
                    switch (kind) {
                        case "Job" -> doc.get("spec");
                        case "CronJob" -> doc.get("spec").get("jobTemplate").get("spec");
                        default -> null;
                    };
            JsonNode podSpec =
                    switch (kind) {
                        case "Deployment", "StatefulSet", "DaemonSet" ->
                            doc.get("spec").get("template").get("spec");
                        case "Job", "CronJob" -> jobSpec.get("template").get("spec");
                        default -> null;
                    };
            if (podSpec != null) {
                for (JsonNode container : podSpec.get("containers")) {
                    containers.add(
                            new Container(doc.get("metadata").get("name").asText(), kind, podSpec, jobSpec, container));
                }
            }
        }
        return containers;
    }
}
