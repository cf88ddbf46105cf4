package dev.onebinary.platform.deploy;

import static dev.onebinary.platform.deploy.PodTemplates.map;

import dev.onebinary.platform.Release;
import dev.onebinary.platform.Secrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kubernetes object that runs one admin command of this release as a one-off process: a Job (an Indexed Job over
 * N shards for a task), or, for the interactive console, a Pod to attach to. Plain data, no runtime: {@code app job}
 * prints it before anything else starts.
 */
public final class JobManifest {

    /** Annotation with the exact release id (a label value cannot hold its '+' or '@'). */
    public static final String RELEASE_ANNOTATION = "onebinary.dev/release";
    /** Annotation with the command line the pod runs, secrets masked, for {@code kubectl describe}. */
    public static final String COMMAND_ANNOTATION = "onebinary.dev/command-line";

    /** Retries of a Job (or of each index of an Indexed Job) on the exit codes a retry may fix. */
    static final int BACKOFF_LIMIT = 2;

    /**
     * What to run: {@code command} and its {@code args} (already parsed by this release), the image of this release,
     * the object's name, {@code shards} (0: a plain Job), how long it may run, and how it meets a mesh sidecar.
     */
    public record Request(
            String command,
            List<String> args,
            String image,
            Release release,
            String name,
            int shards,
            Duration deadline,
            MeshSidecar sidecar) {}

    private JobManifest() {}

    /** A batch/v1 Job that runs the command once (or once per shard), never in place, with a bounded life. */
    public static Map<String, Object> job(Request r) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (r.shards() > 0) {
            // Each pod gets JOB_COMPLETION_INDEX; with JOB_COMPLETIONS the task reads it as --shard INDEX/N.
            spec.put("completionMode", "Indexed");
            spec.put("completions", r.shards());
            spec.put("parallelism", r.shards());
            spec.put("backoffLimitPerIndex", BACKOFF_LIMIT);
        } else {
            spec.put("backoffLimit", BACKOFF_LIMIT);
        }
        spec.put("activeDeadlineSeconds", r.deadline().toSeconds());
        spec.put("ttlSecondsAfterFinished", PodTemplates.TTL_SECONDS_AFTER_FINISHED);
        // A replacement starts only once the failed pod is gone, so two pods of one shard never meet at its lock.
        spec.put("podReplacementPolicy", "Failed");
        spec.put("podFailurePolicy", PodTemplates.podFailurePolicy());
        spec.put("template", map("metadata", podMetadata(r), "spec", podSpec(r, false)));
        return map("apiVersion", "batch/v1", "kind", "Job", "metadata", metadata(r), "spec", spec);
    }

    /**
     * A Pod with stdin and a terminal, for {@code kubectl create -f -} then {@code kubectl attach -it}: the console is
     * interactive, so it is a pod a person attaches to, not a Job that Kubernetes would retry. It ends when the
     * session ends (stdinOnce) or at its deadline.
     */
    public static Map<String, Object> consolePod(Request r) {
        Map<String, Object> spec = podSpec(r, true);
        spec.put("activeDeadlineSeconds", r.deadline().toSeconds());
        Map<String, Object> metadata = map("name", r.name());
        metadata.putAll(podMetadata(r));
        return map("apiVersion", "v1", "kind", "Pod", "metadata", metadata, "spec", spec);
    }

    private static Map<String, Object> metadata(Request r) {
        return map("name", r.name(), "labels", labels(r), "annotations", annotations(r));
    }

    private static Map<String, Object> podMetadata(Request r) {
        Map<String, Object> labels = labels(r);
        labels.putAll(new TreeMap<>(r.sidecar().labels()));
        Map<String, Object> annotations = annotations(r);
        annotations.putAll(new TreeMap<>(r.sidecar().annotations()));
        return map("labels", labels, "annotations", annotations);
    }

    private static Map<String, Object> labels(Request r) {
        return map(
                "app.kubernetes.io/name", "app",
                "app.kubernetes.io/component", r.command(),
                "app.kubernetes.io/version",
                        KubernetesNames.labelValue(r.release().id()));
    }

    private static Map<String, Object> annotations(Request r) {
        List<String> commandLine = new ArrayList<>(List.of("app", r.command()));
        commandLine.addAll(Secrets.maskArguments(r.args().toArray(String[]::new)));
        return map(RELEASE_ANNOTATION, r.release().id(), COMMAND_ANNOTATION, String.join(" ", commandLine));
    }

    private static Map<String, Object> podSpec(Request r, boolean console) {
        List<String> args = new ArrayList<>(List.of(r.command()));
        args.addAll(r.args());
        List<Object> env = PodTemplates.env();
        if (r.shards() > 0) {
            env.add(map("name", "JOB_COMPLETIONS", "value", Integer.toString(r.shards())));
        }
        if (!r.release().label().isEmpty()) {
            // The platform label of the release that printed this (APP_RELEASE), so the run's ledger row says the same.
            env.add(map("name", "APP_RELEASE", "value", r.release().label()));
        }
        Map<String, Object> container = map(
                "name", PodTemplates.CONTAINER,
                "image", r.image(),
                "args", args,
                "envFrom", PodTemplates.envFrom(console),
                "env", env,
                "resources", PodTemplates.jobResources(),
                "securityContext", PodTemplates.containerSecurityContext(),
                "volumeMounts", PodTemplates.volumeMounts());
        if (console) {
            container.put("stdin", true);
            container.put("stdinOnce", true);
            container.put("tty", true);
        }
        return map(
                "restartPolicy",
                "Never",
                // On SIGTERM a task finishes the batch in hand and commits; the console rolls back and records.
                "terminationGracePeriodSeconds",
                30,
                "automountServiceAccountToken",
                false,
                "enableServiceLinks",
                false,
                "securityContext",
                PodTemplates.podSecurityContext(),
                "containers",
                List.of(container),
                "volumes",
                PodTemplates.volumes());
    }
}
