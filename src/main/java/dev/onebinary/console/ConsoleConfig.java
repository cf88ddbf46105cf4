package dev.onebinary.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of {@code app console} ({@code app.console.*}). The reader datasource is where the read-only console
 * connects, as a role that can only read; without it the console falls back to the main datasource's role.
 */
@ConfigMapping(prefix = "app.console")
public interface ConsoleConfig {

    /** Refuse to open a console without {@code --reason} (true in the prod profile). */
    @WithDefault("false")
    boolean requireReason();

    /**
     * The read-only console's database: {@code jdbc:postgresql://host:port/db} or
     * {@code postgres://user:password@host:port/db} (APP_CONSOLE_DATASOURCE_URL).
     */
    @WithName("datasource.url")
    Optional<String> readerUrl();

    /** The reader role (APP_CONSOLE_DATASOURCE_USERNAME); wins over a user in the URL. */
    @WithName("datasource.username")
    Optional<String> readerUsername();

    /** The reader role's password (APP_CONSOLE_DATASOURCE_PASSWORD); wins over a password in the URL. */
    @WithName("datasource.password")
    Optional<String> readerPassword();

    /**
     * How long a write-mode transaction may sit idle before PostgreSQL ends the session (and rolls it back), so a
     * forgotten console never holds row locks for long.
     */
    @WithDefault("10m")
    Duration idleInTransactionTimeout();

    /** Keep a line history at a terminal (mode 0600; lines holding a secret are never written). */
    @WithDefault("true")
    boolean history();

    /** Where the history is kept. */
    @WithDefault("${user.home}/.app_console_history")
    String historyFile();
}
