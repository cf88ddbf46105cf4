package dev.onebinary.domain.migration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Flyway's session-level advisory lock instead of its transactional one: with the transactional lock, Flyway holds a
 * transaction open on its lock connection, and a {@code CREATE INDEX CONCURRENTLY} migration (V6) waits for that
 * transaction forever.
 */
@Singleton
class NonTransactionalLock implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration
                .getPluginRegister()
                .getPlugin(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
    }
}
