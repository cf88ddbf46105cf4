package dev.onebinary.web.ui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The admin pages' settings ({@code app.ui.*}); the user and password come only from the environment. */
@ConfigMapping(prefix = "app.ui")
public interface UiConfig {

    /** Serve the pages under /admin/ ({@code APP_UI_ENABLED}); off by default. */
    @WithDefault("false")
    boolean enabled();

    /** The HTTP Basic user ({@code APP_UI_USER}). */
    Optional<String> user();

    /** The HTTP Basic password ({@code APP_UI_PASSWORD}). */
    Optional<String> password();

    /** A running task whose heartbeat is older than this shows as stalled. */
    @WithDefault("1m")
    Duration stalledAfter();

    /** Runs per page of the runs list. */
    @WithDefault("50")
    int pageSize();

    /** How often an open page asks for live progress. */
    @WithDefault("2s")
    Duration refresh();
}
