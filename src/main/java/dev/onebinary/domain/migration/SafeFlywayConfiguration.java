package dev.onebinary.domain.migration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.util.Arrays;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Applied by Quarkus to the one Flyway of the application, so every path that migrates (app migrate, dev mode, the
 * tests' migrate-at-start) gets the same safety: the timeout callback on every migration, a session-level advisory
 * lock, and the extra test locations when configured.
 */
@Singleton
public class SafeFlywayConfiguration implements FlywayConfigurationCustomizer {

    private final MigrateConfig config;
    private final RunningMigration running;

    SafeFlywayConfiguration(MigrateConfig config, RunningMigration running) {
        this.config = config;
        this.running = running;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        sessionLock(configuration);
        Callback[] callbacks = Arrays.copyOf(configuration.getCallbacks(), configuration.getCallbacks().length + 1);
        callbacks[callbacks.length - 1] = new TimeoutCallback(config, running);
        configuration.callbacks(callbacks);
        config.extraLocations().filter(l -> !l.isEmpty()).ifPresent(locations -> {
            Log.warnf(
                    "app.migrate.extra-locations adds migrations from outside this release (%s): for tests only",
                    String.join(", ", locations));
            configuration.resourceProvider(new ExtraLocations(configuration.getResourceProvider(), locations));
        });
    }

    /**
     * Flyway's default transactional advisory lock keeps a transaction open while a migration runs on another
     * connection, and CREATE INDEX CONCURRENTLY waits for that transaction forever. The session-level lock has no
     * transaction open, so non-transactional migrations complete; concurrent runs are still serialised.
     */
    static void sessionLock(Configuration configuration) {
        configuration
                .getConfigurationExtension(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
    }
}
