package dev.onebinary.platform;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.eclipse.microprofile.config.ConfigProvider;

/** The effective application configuration with the source of each value; secrets are masked. */
public final class ConfigReport {

    /** One setting: its key, its (masked) value, and where it came from: env, file, default or system property. */
    @RegisterForReflection
    public record Entry(String key, String value, String source) {}

    private static final List<String> PLATFORM_KEYS = List.of(
            "quarkus.profile",
            "quarkus.datasource.jdbc.url",
            "quarkus.datasource.username",
            "quarkus.datasource.password",
            "quarkus.datasource.jdbc.max-size",
            "quarkus.datasource.jdbc.acquisition-timeout",
            "quarkus.http.host",
            "quarkus.http.port",
            "quarkus.log.level",
            "quarkus.log.console.json.enabled");

    private ConfigReport() {}

    public static List<Entry> effective() {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        List<Entry> entries = new ArrayList<>();
        for (String key : PLATFORM_KEYS) {
            entries.add(entry(config, key));
        }
        TreeSet<String> appKeys = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("app.") && !name.equals("app.process")) {
                appKeys.add(name);
            }
        }
        for (String key : appKeys) {
            entries.add(entry(config, key));
        }
        entries.add(new Entry("app.process", System.getProperty("app.process", "web"), "process type"));
        entries.add(new Entry("app.release", Release.current().id(), "build"));
        return entries;
    }

    private static Entry entry(SmallRyeConfig config, String key) {
        ConfigValue value = config.getConfigValue(key);
        if (value.getValue() == null) {
            return new Entry(key, null, "unset");
        }
        return new Entry(key, Secrets.mask(key, value.getValue()), source(value.getConfigSourceName()));
    }

    static String source(String sourceName) {
        if (sourceName == null) {
            return "default";
        }
        String s = sourceName.toLowerCase(Locale.ROOT);
        if (sourceName.equals(DatabaseUrlConfigSource.NAME)) {
            return "env DATABASE_URL";
        }
        if (s.contains("envconfigsource") || s.startsWith("env")) {
            return "env";
        }
        if (s.contains("syspropconfigsource") || s.contains("system")) {
            return "system property";
        }
        if (s.contains("application.properties") || s.contains(".env")) {
            return "file";
        }
        return "default";
    }
}
