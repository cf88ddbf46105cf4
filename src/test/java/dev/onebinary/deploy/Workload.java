package dev.onebinary.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.platform.Durations;
import dev.onebinary.platform.deploy.PodTemplates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An object that runs pods (Deployment, Job, CronJob, Pod), with the rules every workload of this app keeps: the
 * restricted Pod Security Standard, and for Jobs how they retry, stop and clean up. Each rule returns what it found
 * wrong, so a test can show that it catches a broken manifest.
 */
record Workload(String where, JsonNode object) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Volume types the restricted profile allows. */
    private static final Set<String> RESTRICTED_VOLUMES = Set.of(
            "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");

    String kind() {
        return object.path("kind").asText();
    }

    String name() {
        return object.path("metadata").path("name").asText();
    }

    JsonNode podSpec() {
        return Kustomize.podSpec(object);
    }

    /** The metadata of the pods it makes (a Pod's own). */
    JsonNode podMetadata() {
        return switch (kind()) {
            case "Pod" -> object.path("metadata");
            case "CronJob" ->
                object.path("spec")
                        .path("jobTemplate")
                        .path("spec")
                        .path("template")
                        .path("metadata");
            default -> object.path("spec").path("template").path("metadata");
        };
    }

    /** The Job spec of a Job or of a CronJob's template; null otherwise. */
    JsonNode jobSpec() {
        return switch (kind()) {
            case "Job" -> object.get("spec");
            case "CronJob" -> object.path("spec").path("jobTemplate").get("spec");
            default -> null;
        };
    }

    List<JsonNode> containers() {
        return new ArrayList<>(Kustomize.containers(object));
    }

    /** The restricted Pod Security Standard, plus a read-only root filesystem with an emptyDir on /tmp. */
    List<String> restrictedViolations() {
        List<String> wrong = new ArrayList<>();
        JsonNode pod = podSpec();
        JsonNode podContext = pod.path("securityContext");
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (pod.path(host).asBoolean(false)) {
                wrong.add(host + " is true");
            }
        }
        if (podContext.has("runAsUser") && podContext.get("runAsUser").asLong() == 0) {
            wrong.add("pod runAsUser is 0");
        }
        if (podContext.has("sysctls")) {
            wrong.add("pod sets sysctls");
        }
        Set<String> emptyDirs = new HashSet<>();
        for (JsonNode volume : pod.path("volumes")) {
            volume.fieldNames().forEachRemaining(field -> {
                if (!field.equals("name") && !RESTRICTED_VOLUMES.contains(field)) {
                    wrong.add("volume " + volume.path("name").asText() + " is a " + field);
                }
            });
            if (volume.has("emptyDir")) {
                emptyDirs.add(volume.path("name").asText());
            }
        }
        for (JsonNode c : containers()) {
            String name = "container " + c.path("name").asText() + ": ";
            JsonNode sc = c.path("securityContext");
            if (sc.path("privileged").asBoolean(false)) {
                wrong.add(name + "privileged");
            }
            if (!sc.path("allowPrivilegeEscalation").isBoolean()
                    || sc.get("allowPrivilegeEscalation").asBoolean()) {
                wrong.add(name + "allowPrivilegeEscalation is not false");
            }
            List<String> drop = new ArrayList<>();
            sc.path("capabilities").path("drop").forEach(d -> drop.add(d.asText()));
            if (!drop.contains("ALL")) {
                wrong.add(name + "capabilities do not drop ALL");
            }
            sc.path("capabilities").path("add").forEach(a -> {
                if (!a.asText().equals("NET_BIND_SERVICE")) {
                    wrong.add(name + "adds capability " + a.asText());
                }
            });
            boolean nonRoot = sc.has("runAsNonRoot")
                    ? sc.get("runAsNonRoot").asBoolean()
                    : podContext.path("runAsNonRoot").asBoolean(false);
            if (!nonRoot) {
                wrong.add(name + "runAsNonRoot is not true");
            }
            long user = sc.has("runAsUser")
                    ? sc.get("runAsUser").asLong()
                    : podContext.path("runAsUser").asLong(0);
            if (user == 0) {
                wrong.add(name + "runAsUser is not a non-zero uid");
            }
            String seccomp = sc.path("seccompProfile")
                    .path("type")
                    .asText(podContext.path("seccompProfile").path("type").asText(""));
            if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
                wrong.add(name + "seccompProfile is not RuntimeDefault or Localhost");
            }
            if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                wrong.add(name + "readOnlyRootFilesystem is not true");
            }
            boolean tmp = false;
            for (JsonNode mount : c.path("volumeMounts")) {
                tmp |= mount.path("mountPath").asText().equals("/tmp")
                        && emptyDirs.contains(mount.path("name").asText());
            }
            if (!tmp) {
                wrong.add(name + "no emptyDir on /tmp (the process writes there)");
            }
            for (JsonNode port : c.path("ports")) {
                if (port.has("hostPort")) {
                    wrong.add(name + "hostPort");
                }
            }
        }
        return wrong;
    }

    /**
     * A Job of this app: never restarted in place, the exit-code policy of {@link PodTemplates#podFailurePolicy()},
     * bounded retries (per index when Indexed), a deadline past any --max-duration, logs kept for days, and a pod that
     * a mesh sidecar cannot keep alive.
     */
    List<String> jobViolations() {
        List<String> wrong = new ArrayList<>();
        JsonNode job = jobSpec();
        if (!podSpec().path("restartPolicy").asText().equals("Never")) {
            wrong.add("restartPolicy is not Never");
        }
        if (!job.path("podFailurePolicy").equals(JSON.valueToTree(PodTemplates.podFailurePolicy()))) {
            wrong.add("podFailurePolicy is not FailJob " + PodTemplates.FAIL_JOB + ", Count " + PodTemplates.RETRY
                    + ", Ignore DisruptionTarget: " + job.path("podFailurePolicy"));
        }
        if (!job.path("podReplacementPolicy").asText().equals("Failed")) {
            wrong.add("podReplacementPolicy is not Failed");
        }
        if (job.path("completionMode").asText().equals("Indexed")) {
            int completions = job.path("completions").asInt();
            if (!job.path("backoffLimitPerIndex").canConvertToInt()
                    || job.get("backoffLimitPerIndex").asInt() > 6) {
                wrong.add("an Indexed Job without a small backoffLimitPerIndex");
            }
            if (job.path("parallelism").asInt() != completions) {
                wrong.add("parallelism is not completions");
            }
            List<String> jobCompletions = new ArrayList<>();
            containers().getFirst().path("env").forEach(e -> {
                if (e.path("name").asText().equals("JOB_COMPLETIONS")) {
                    jobCompletions.add(e.path("value").asText());
                }
            });
            if (!jobCompletions.equals(List.of(Integer.toString(completions)))) {
                wrong.add("JOB_COMPLETIONS is not " + completions + " (the app reads shard I/N from it)");
            }
        } else if (!job.path("backoffLimit").canConvertToInt()
                || job.get("backoffLimit").asInt() > 6) {
            wrong.add("no small backoffLimit");
        }
        long deadline = job.path("activeDeadlineSeconds").asLong(0);
        if (deadline <= 0) {
            wrong.add("no activeDeadlineSeconds");
        }
        maxDuration().ifPresent(max -> {
            if (deadline < max.plusMinutes(5).toSeconds()) {
                wrong.add("activeDeadlineSeconds " + deadline + " leaves no time after --max-duration " + max);
            }
        });
        if (job.path("ttlSecondsAfterFinished").asLong(0) < Duration.ofDays(1).toSeconds()) {
            wrong.add("ttlSecondsAfterFinished is under a day: too short to read the logs");
        }
        JsonNode pod = podMetadata();
        boolean optedOut =
                pod.path("labels").path("sidecar.istio.io/inject").asText().equals("false");
        boolean nativeSidecar = pod.path("annotations")
                .path("sidecar.istio.io/nativeSidecar")
                .asText()
                .equals("true");
        if (!optedOut && !nativeSidecar) {
            wrong.add("neither opts out of sidecar injection nor asks for a native sidecar");
        }
        return wrong;
    }

    /** The --max-duration in the container's args, if any. */
    Optional<Duration> maxDuration() {
        List<String> args = args();
        int i = args.indexOf("--max-duration");
        if (i < 0 || i + 1 >= args.size()) {
            return Optional.empty();
        }
        return Optional.of(new Durations().convert(args.get(i + 1)));
    }

    List<String> args() {
        List<String> args = new ArrayList<>();
        containers().getFirst().path("args").forEach(a -> args.add(a.asText()));
        return args;
    }

    /** A quantity such as 128Mi, 1Gi or 100M, in bytes. */
    static long bytes(String quantity) {
        Map<String, Long> units = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "M", 1_000_000L);
        for (Map.Entry<String, Long> unit : units.entrySet()) {
            if (quantity.endsWith(unit.getKey())
                    && Character.isDigit(
                            quantity.charAt(quantity.length() - unit.getKey().length() - 1))) {
                return Long.parseLong(quantity.substring(
                                0, quantity.length() - unit.getKey().length()))
                        * unit.getValue();
            }
        }
        return Long.parseLong(quantity);
    }
}
