package dev.onebinary.domain.migration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.util.Arrays;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Applied by Quarkus to the one Flyway of the application, so every path that migrates (app migrate, dev mode, the
 * tests' migrate-at-start) gets the same safety: the timeout callback on every migration, and the extra test locations
 * when configured. The session-level advisory lock is {@link SessionLockCustomizer}'s.
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
}
