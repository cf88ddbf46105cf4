package dev.onebinary.deploy;

import static dev.onebinary.support.AppProcess.app;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onebinary.platform.ExitCode;
import dev.onebinary.platform.Release;
import dev.onebinary.support.AppProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code app job} as the packaged binary runs on a laptop or in a pod: stdout is the manifest and nothing else, so it
 * pipes into {@code kubectl create -f -}; the image comes from the environment; no database is needed.
 */
class JobCommandIT {

    @Test
    void printsOnlyTheManifestWithTheImageFromTheEnvironmentAndNoDatabase() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String version = Release.current().version();
        AppProcess.Result result = app("job", "fix-bad-records", "--dry-run", "--shards", "4")
                .env("DATABASE_URL", "postgres://app:app@127.0.0.1:" + closed + "/app")
                .env("APP_IMAGE_REPOSITORY", "registry.example.com/app")
                .env("APP_RELEASE", "v42")
                .run();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<JsonNode> docs = Kustomize.parse(result.stdout());
        assertThat(docs).singleElement();
        JsonNode job = docs.getFirst();
        KubernetesSchema.validate("app job", job);
        assertThat(job.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("registry.example.com/app:" + version);
        assertThat(job.at("/metadata/annotations/onebinary.dev~1release").asText())
                .endsWith("@v42");
        assertThat(job.at("/spec/template/spec/containers/0/env").findValuesAsText("value"))
                .as("the pod records the same platform label in the ledger")
                .contains("v42", "4");
        assertThat(new Workload("app job", job).jobViolations()).isEmpty();
        assertThat(result.stderr()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aTypoPrintsNothingOnStdoutAndExitsUsage() {
        AppProcess.Result result = app("job", "fix-bad-records", "--batchsize", "10")
                .env("APP_IMAGE", "registry.example.com/app:test")
                .run();
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("Unknown option", "--batchsize").doesNotContain("Exception");
    }
}
