package dev.onebinary.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Hands the tests' database ({@link TestDatabase}) to every Quarkus test: in the test JVM, and as system properties
 * of the packaged application that {@code @QuarkusIntegrationTest} starts (which does not inherit the test JVM's).
 */
@QuarkusTestResource(TestDatabaseResource.class)
public final class TestDatabaseResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestDatabase.settings();
    }

    @Override
    public void stop() {
        // The database outlives each Quarkus application; TestDatabaseSession stops it after the last test.
    }
}
