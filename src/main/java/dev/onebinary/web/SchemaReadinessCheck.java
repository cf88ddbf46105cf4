package dev.onebinary.web;

import dev.onebinary.domain.migration.Migrations;
import dev.onebinary.platform.DatabaseFailures;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while migrations of this release are pending: the web process never migrates, so it waits for the
 * migrate Job. A schema newer than this release (an older release during an expand/contract rollout) stays ready,
 * with a warning. Asked on every probe, so readiness turns UP as soon as the migrations are applied.
 */
@Readiness
@ApplicationScoped
class SchemaReadinessCheck implements HealthCheck {

    private final Migrations migrations;

    SchemaReadinessCheck(Migrations migrations) {
        this.migrations = migrations;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("schema");
        try {
            Migrations.SchemaState state = migrations.state();
            response.withData("current", state.current());
            if (!state.pending().isEmpty()) {
                return response.down()
                        .withData("pending", String.join(", ", state.pending()))
                        .build();
            }
            if (!state.unknownToRelease().isEmpty()) {
                response.withData(
                        "warning",
                        "schema is newer than this release (applied but unknown here: "
                                + String.join(", ", state.unknownToRelease()) + ")");
            }
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down()
                    .withData("error", DatabaseFailures.describe(e))
                    .build();
        }
    }
}
