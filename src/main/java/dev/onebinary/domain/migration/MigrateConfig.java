package dev.onebinary.domain.migration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How migrations run ({@code app.migrate.*}): the timeouts every migration statement runs under, and retries. */
@ConfigMapping(prefix = "app.migrate")
public interface MigrateConfig {

    /** The longest a migration statement waits for a lock before PostgreSQL cancels it (then it is retried). */
    @WithDefault("5s")
    Duration lockTimeout();

    /** The longest one migration statement may run. */
    @WithDefault("15m")
    Duration statementTimeout();

    /** How many times a migration that hit the lock timeout is tried again before the run gives up (exit 9). */
    @WithDefault("3")
    int lockRetries();

    /** The pause before the first retry; it doubles with each retry, up to {@link #retryBackoffMax()}. */
    @WithDefault("2s")
    Duration retryBackoff();

    @WithDefault("30s")
    Duration retryBackoffMax();

    /**
     * Directories of extra migration scripts, read at run time in addition to the release's own. For tests only: a
     * migration that is not in the release breaks the promise that a release and its schema travel together.
     */
    Optional<List<String>> extraLocations();
}
