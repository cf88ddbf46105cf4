package dev.onebinary.platform;

import java.sql.SQLException;
import picocli.CommandLine;

/**
 * The one place that turns any failure into what the user sees: one line and a named exit code. Never a stack trace, a
 * class name where a message exists, or a secret (every message goes through {@link Secrets#maskInText}).
 */
public final class Failures {

    /** What a failure ends the process with. */
    public record Failure(int exitCode, String message) {}

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private Failures() {}

    /** The exit code and the one line a failure is reported with. */
    public static Failure of(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof AppException app) {
            return new Failure(app.exitCode(), Secrets.maskInText(app.getMessage()));
        }
        if (t instanceof CommandLine.ParameterException usage) {
            return new Failure(ExitCode.USAGE, Secrets.maskInText(usage.getMessage()));
        }
        if (DatabaseFailures.isUnavailable(t)) {
            return new Failure(ExitCode.UNAVAILABLE, DatabaseFailures.describe(t));
        }
        if (isUnusableConfiguration(t)) {
            return new Failure(ExitCode.UNAVAILABLE, "unusable configuration: " + oneLine(t));
        }
        return new Failure(ExitCode.FAILED, "failed: " + oneLine(t));
    }

    /** The database's own words when there are some, else the innermost message: one line, secrets masked. */
    public static String oneLine(Throwable t) {
        String message = DatabaseFailures.databaseMessage(t).orElseGet(() -> innermostMessage(t));
        return Secrets.maskInText(message.strip().replaceAll("\\s*\\R\\s*", " "));
    }

    /** True when a database statement gave up waiting for a lock ({@code lock_timeout}). */
    public static boolean isLockTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String innermostMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root.getMessage() != null && !root.getMessage().isBlank()) {
            return root.getMessage();
        }
        return t.getMessage() != null && !t.getMessage().isBlank()
                ? t.getMessage()
                : root.getClass().getSimpleName();
    }

    /** Wrappers that add nothing the user needs: picocli's execution wrapper, reflection's. */
    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CommandLine.ExecutionException
                        || t instanceof java.lang.reflect.InvocationTargetException
                        || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A datasource URL the driver cannot use, a bad setting: the configuration, not the database, is wrong. */
    private static boolean isUnusableConfiguration(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String name = c.getClass().getName();
            if (name.startsWith("io.smallrye.config.")
                    || name.equals("io.quarkus.runtime.configuration.ConfigurationException")) {
                return true;
            }
            if (c instanceof SQLException sql
                    && sql.getSQLState() == null
                    && sql.getMessage() != null
                    && (sql.getMessage().contains("No suitable driver")
                            || sql.getMessage().contains("does not support the provided URL"))) {
                return true;
            }
        }
        return false;
    }
}
