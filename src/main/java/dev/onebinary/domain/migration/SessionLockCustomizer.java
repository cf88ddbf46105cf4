package dev.onebinary.domain.migration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Makes Flyway hold its migration lock as a session advisory lock instead of inside an open transaction. With the
 * transactional lock, a {@code CREATE INDEX CONCURRENTLY} script waits forever for Flyway's own lock transaction to end
 * (the index build waits for every older snapshot of the database).
 */
@Singleton
class SessionLockCustomizer implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration
                .getPluginRegister()
                .getExact(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
    }
}
