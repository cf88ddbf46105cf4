package dev.onebinary.platform;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What this process is and what it needs booted, as declared by the command it runs (see
 * {@code dev.onebinary.admin.AdminCommand}): the web process, the worker, or a one-off admin process. Main decides it
 * once, from the parsed command line, before Quarkus boots, so a non-serving process never opens the HTTP port and
 * nothing starts that the command does not use.
 */
public record ProcessMode(Type type, String command, Boot boot) {

    /** The three process types of the twelve-factor formation. */
    public enum Type {
        WEB,
        WORKER,
        ADMIN
    }

    /** What must be started before a command runs. */
    public enum Boot {
        /** Nothing: answered before Quarkus boots (help, version, tasks, completion, job). */
        NONE,
        /** The configuration; the datasource pool exists but opens no connection (config). */
        CONFIG,
        /** The datasource and Flyway, over JDBC. */
        DATABASE,
        /** The datasource with Hibernate ORM (the web process, the console). */
        ORM
    }

    /** {@code web}, {@code worker} or {@code admin:NAME}, as in the first log line of every process. */
    public String label() {
        return switch (type) {
            case WEB -> "web";
            case WORKER -> "worker";
            case ADMIN -> "admin:" + command;
        };
    }

    public boolean serving() {
        return type == Type.WEB;
    }

    /**
     * Sets the runtime configuration that depends on the process, as system properties read when Quarkus boots: only
     * the web process listens on HTTP, only the processes that use Hibernate start it, and admin processes keep
     * stdout for their own output.
     */
    public void applyBeforeBoot() {
        APPLIED.clear();
        setIfAbsent("app.process", label());
        if (!serving()) {
            setIfAbsent("quarkus.http.host-enabled", "false");
            // The admin pages' login: a process that serves no page never contacts an identity provider.
            setIfAbsent("quarkus.oidc.tenant-enabled", "false");
        }
        if (boot != Boot.ORM) {
            setIfAbsent("quarkus.hibernate-orm.active", "false");
        }
        if (type == Type.ADMIN) {
            setIfAbsent("quarkus.log.console.stderr", "true");
            // Quarkus' own start/stop lines are noise in a one-off command's output; warnings still show.
            setIfAbsent("quarkus.log.category.\"io.quarkus\".level", "WARN");
        }
    }

    /** Takes back what {@link #applyBeforeBoot()} set, when the process ends (tests run several in one JVM). */
    public static void clearAfterExit() {
        APPLIED.forEach(System::clearProperty);
        APPLIED.clear();
    }

    private static final List<String> APPLIED = new CopyOnWriteArrayList<>();

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
            APPLIED.add(key);
        }
    }
}
