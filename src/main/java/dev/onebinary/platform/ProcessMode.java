package dev.onebinary.platform;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which of the three process types this run is: the web process, the worker, or a one-off admin process. Decided once
 * from the command line, before Quarkus boots, so that a non-serving process never opens the HTTP port; nothing asks
 * again later.
 */
public record ProcessMode(Type type, String command) {

    public enum Type {
        WEB,
        WORKER,
        ADMIN
    }

    public static final String SERVE = "serve";
    public static final String WORKER = "worker";

    /** Reads the subcommand: the first argument that is not an option. No subcommand serves HTTP. */
    public static ProcessMode of(String... args) {
        for (String arg : args) {
            if (arg.startsWith("-")) {
                // Top-level options (--help, --version, or a typo) never serve: picocli answers and exits.
                return new ProcessMode(Type.ADMIN, arg.replaceFirst("^-+", "").toLowerCase(Locale.ROOT));
            }
            return switch (arg) {
                case SERVE -> new ProcessMode(Type.WEB, SERVE);
                case WORKER -> new ProcessMode(Type.WORKER, WORKER);
                default -> new ProcessMode(Type.ADMIN, arg);
            };
        }
        return new ProcessMode(Type.WEB, SERVE);
    }

    /** The web process (the records API) and the console (JPQL) use Hibernate ORM; every other process uses JDBC. */
    public boolean usesOrm() {
        return type == Type.WEB || (type == Type.ADMIN && command.equals("console"));
    }

    public boolean serving() {
        return type == Type.WEB;
    }

    /** {@code web}, {@code worker} or {@code admin:NAME}, as in the first log line of every process. */
    public String label() {
        return switch (type) {
            case WEB -> "web";
            case WORKER -> "worker";
            case ADMIN -> "admin:" + command;
        };
    }

    /**
     * Sets the runtime configuration that depends on the process type, as system properties read when Quarkus boots:
     * only the web process listens on HTTP, and admin processes keep stdout for their own output.
     */
    public void applyBeforeBoot() {
        APPLIED.clear();
        setIfAbsent("app.process", label());
        if (!serving()) {
            setIfAbsent("quarkus.http.host-enabled", "false");
        }
        if (!usesOrm()) {
            // Only the web process and the console use Hibernate; the others use JDBC and start faster without it.
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
