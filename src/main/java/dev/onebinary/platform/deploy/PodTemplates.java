package dev.onebinary.platform.deploy;

import dev.onebinary.platform.ExitCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts every pod of this app shares, whether it comes from docker/kubernetes or from {@code app job}: the one
 * container, its configuration, the restricted Pod Security Standard, memory sized from the benchmark, and how a Job
 * treats each exit code. ManifestsTest holds the YAML files to these same values.
 */
public final class PodTemplates {

    public static final String CONTAINER = "app";
    public static final String CONFIG_MAP = "app-config";
    public static final String SECRET = "app-secrets";
    /** The read-only console role's datasource (APP_CONSOLE_DB_*), optional: only console pods read it. */
    public static final String CONSOLE_SECRET = "app-console-secrets";
    /** The image's USER (docker/Dockerfile.native). */
    public static final int UID = 1001;

    /** Exit codes no retry can fix: usage, locked, schema behind, lock lost, drift, unsafe, too many rejects. */
    public static final List<Integer> FAIL_JOB = List.of(
            ExitCode.USAGE,
            ExitCode.LOCKED,
            ExitCode.SCHEMA_BEHIND,
            ExitCode.LOCK_LOST,
            ExitCode.RELEASE_DRIFT,
            ExitCode.UNSAFE_MIGRATION,
            ExitCode.TOO_MANY_REJECTS);
    /** Exit codes a retry may fix (within backoffLimit): failed, database unavailable, migration lock timeout. */
    public static final List<Integer> RETRY =
            List.of(ExitCode.FAILED, ExitCode.UNAVAILABLE, ExitCode.MIGRATION_BLOCKED);

    /** Logs kept this long after a Job ends (then Kubernetes deletes it and its pods). */
    public static final int TTL_SECONDS_AFTER_FINISHED = 7 * 24 * 3600;

    private PodTemplates() {}

    /**
     * FailJob at once on the codes no retry can fix; Count (retry within backoffLimit) on those a retry may fix; a
     * pod evicted, preempted or drained (DisruptionTarget) is replaced without counting.
     */
    public static Map<String, Object> podFailurePolicy() {
        return map(
                "rules",
                List.of(
                        map("action", "FailJob", "onExitCodes", exitCodes(FAIL_JOB)),
                        map("action", "Count", "onExitCodes", exitCodes(RETRY)),
                        map("action", "Ignore", "onPodConditions", List.of(map("type", "DisruptionTarget")))));
    }

    private static Map<String, Object> exitCodes(List<Integer> codes) {
        return map("containerName", CONTAINER, "operator", "In", "values", codes);
    }

    /** Pod level of the restricted Pod Security Standard: a non-root user and the runtime's seccomp profile. */
    public static Map<String, Object> podSecurityContext() {
        return map(
                "runAsNonRoot",
                true,
                "runAsUser",
                UID,
                "runAsGroup",
                UID,
                "seccompProfile",
                map("type", "RuntimeDefault"));
    }

    /** Container level: no privilege escalation, no capabilities, a read-only root filesystem (/tmp is an emptyDir). */
    public static Map<String, Object> containerSecurityContext() {
        return map(
                "allowPrivilegeEscalation",
                false,
                "readOnlyRootFilesystem",
                true,
                "capabilities",
                map("drop", List.of("ALL")));
    }

    /**
     * A one-off process of the native image peaks at 70 to 110 MiB RSS (README "Performance": migrate 86 MiB,
     * fix-bad-records 107 MiB over a million rows): the request covers that peak, the limit leaves twice as much.
     */
    public static Map<String, Object> jobResources() {
        return map("requests", map("cpu", "100m", "memory", "128Mi"), "limits", map("memory", "256Mi"));
    }

    /** The configuration every process reads; console pods also read the console role's Secret when it exists. */
    public static List<Object> envFrom(boolean console) {
        List<Object> from = new ArrayList<>(
                List.of(map("configMapRef", map("name", CONFIG_MAP)), map("secretRef", map("name", SECRET))));
        if (console) {
            from.add(map("secretRef", map("name", CONSOLE_SECRET, "optional", true)));
        }
        return from;
    }

    /** POD_NAME for the ledger's host column; HOME on the writable emptyDir (the console keeps its history there). */
    public static List<Object> env() {
        return new ArrayList<>(List.of(
                map("name", "POD_NAME", "valueFrom", map("fieldRef", map("fieldPath", "metadata.name"))),
                map("name", "HOME", "value", "/tmp")));
    }

    /** /tmp: the only path the process writes (Vert.x' file cache, the console's history). */
    public static List<Object> volumes() {
        return List.of(map("name", "tmp", "emptyDir", map("sizeLimit", "64Mi")));
    }

    public static List<Object> volumeMounts() {
        return List.of(map("name", "tmp", "mountPath", "/tmp"));
    }

    /** An insertion-ordered map from alternating keys and values. */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
