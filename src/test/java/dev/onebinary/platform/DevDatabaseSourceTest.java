package dev.onebinary.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When dev mode starts an embedded PostgreSQL, and above all when it does not. */
class DevDatabaseSourceTest {

    @Test
    void offersNothingOutsideDevMode() {
        for (String profile : List.of("prod", "test")) {
            assertThat(new DevDatabaseSource().getConfigSources(context(profile, Map.of())))
                    .as(profile)
                    .isEmpty();
        }
    }

    @Test
    void offersNothingInDevModeWhenADatasourceIsConfigured() {
        // DATABASE_URL, QUARKUS_DATASOURCE_JDBC_URL and %dev lines of the file all arrive as this key.
        assertThat(new DevDatabaseSource()
                        .getConfigSources(
                                context("dev", Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db:5432/app"))))
                .isEmpty();
    }

    @Test
    void theEmbeddedServerIsOnTheClasspathOfDevModeAndTests() {
        assertThat(EmbeddedDatabase.available()).isTrue();
    }

    private static ConfigSourceContext context(String profile, Map<String, String> values) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                String value = values.get(name);
                return value == null
                        ? null
                        : ConfigValue.builder().withName(name).withValue(value).build();
            }

            @Override
            public Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }

            @Override
            public List<String> getProfiles() {
                return List.of(profile);
            }
        };
    }
}
