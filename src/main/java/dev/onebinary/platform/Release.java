package dev.onebinary.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The identity of this build: project version, git commit and build time, baked in by Maven, plus an optional
 * platform label from {@code APP_RELEASE} (a Heroku-style {@code v42}, an image digest) read when the process starts.
 */
public record Release(String version, String commit, String builtAt, String label) {

    static final String RESOURCE = "app-release.properties";
    public static final String LABEL_ENV = "APP_RELEASE";

    private static volatile Release current;

    /** The release of the running process. */
    public static Release current() {
        Release r = current;
        if (r == null) {
            r = load(System.getenv(LABEL_ENV));
            current = r;
        }
        return r;
    }

    static Release load(String label) {
        Properties p = new Properties();
        try (InputStream in = Release.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Release(
                baked(p, "version"), baked(p, "commit"), baked(p, "built-at"), label == null ? "" : label.strip());
    }

    private static String baked(Properties p, String key) {
        String value = p.getProperty(key, "").strip();
        // An unfiltered placeholder means the build did not provide the value (e.g. built outside a git checkout).
        return value.isEmpty() || value.startsWith("${") ? "unknown" : value;
    }

    /** {@code version+commit}, then {@code @label} when the platform gave one: {@code 1.4.0+3f2a9c1@v42}. */
    public String id() {
        String id = version + "+" + commit;
        return label.isEmpty() ? id : id + "@" + label;
    }

    /** The JSON shape shared by {@code app version --json} and {@code GET /release}. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", id());
        m.put("version", version);
        m.put("commit", commit);
        m.put("builtAt", builtAt);
        m.put("label", label.isEmpty() ? null : label);
        return m;
    }
}
