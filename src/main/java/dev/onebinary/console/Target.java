package dev.onebinary.console;

import dev.onebinary.platform.AppException;
import dev.onebinary.platform.DatabaseUrl;
import dev.onebinary.platform.ExitCode;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Where a console session connects: a JDBC URL, a role and its password, and whether that role is the configured
 * reader ({@code app.console.datasource.*}) or the main datasource's role.
 */
record Target(String jdbcUrl, String user, String password, boolean reader) {

    /** The main datasource, as Quarkus is configured ({@code DATABASE_URL} or {@code QUARKUS_DATASOURCE_*}). */
    static Target main(Config config) {
        return new Target(
                config.getOptionalValue("quarkus.datasource.jdbc.url", String.class)
                        .orElseThrow(() -> new AppException(
                                ExitCode.UNAVAILABLE,
                                "no datasource configured: set DATABASE_URL or QUARKUS_DATASOURCE_JDBC_URL")),
                config.getOptionalValue("quarkus.datasource.username", String.class)
                        .orElse(null),
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(null),
                false);
    }

    /** The reader role, when {@code app.console.datasource.url} is set. */
    static Optional<Target> reader(ConsoleConfig config) {
        return config.readerUrl().filter(url -> !url.isBlank()).map(url -> {
            String jdbc = url.strip();
            String user = null;
            String password = null;
            if (jdbc.startsWith("postgres://") || jdbc.startsWith("postgresql://")) {
                DatabaseUrl parsed;
                try {
                    parsed = DatabaseUrl.parse(jdbc);
                } catch (IllegalArgumentException e) {
                    throw new AppException(
                            ExitCode.UNAVAILABLE,
                            "app.console.datasource.url must look like postgres://user:password@host:port/db or"
                                    + " jdbc:postgresql://host:port/db");
                }
                jdbc = parsed.jdbcUrl();
                user = parsed.username();
                password = parsed.password();
            } else if (!jdbc.startsWith("jdbc:postgresql:")) {
                throw new AppException(
                        ExitCode.UNAVAILABLE,
                        "app.console.datasource.url must start with postgres:// or jdbc:postgresql://");
            }
            return new Target(
                    jdbc,
                    config.readerUsername().orElse(user),
                    config.readerPassword().orElse(password),
                    true);
        });
    }

    /** {@code host:port/db}, without user, password or parameters. */
    String where() {
        String s = jdbcUrl.replaceFirst("^jdbc:postgresql://", "");
        int q = s.indexOf('?');
        s = q < 0 ? s : s.substring(0, q);
        int at = s.lastIndexOf('@');
        return at < 0 ? s : s.substring(at + 1);
    }

    @Override
    public String toString() {
        return "Target[" + where() + " as " + user + (reader ? ", reader" : "") + "]";
    }
}
