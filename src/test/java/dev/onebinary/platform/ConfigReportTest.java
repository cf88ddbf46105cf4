package dev.onebinary.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigReportTest {

    @Test
    void secretLookingKeysAreMasked() {
        assertThat(ConfigReport.mask("quarkus.datasource.password", "hunter2")).isEqualTo("****");
        assertThat(ConfigReport.mask("app.stripe.api-key", "sk_live_1")).isEqualTo("****");
        assertThat(ConfigReport.mask("app.webhook.secret", "x")).isEqualTo("****");
        assertThat(ConfigReport.mask("quarkus.http.port", "8080")).isEqualTo("8080");
    }

    @Test
    void passwordsInsideUrlsAreMasked() {
        assertThat(ConfigReport.mask(
                        "quarkus.datasource.jdbc.url", "jdbc:postgresql://h/db?user=a&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=****&ssl=true");
        assertThat(ConfigReport.mask("app.upstream", "https://bob:hunter2@example.test/x"))
                .isEqualTo("https://bob:****@example.test/x");
    }

    @Test
    void sourcesAreNamedForPeople() {
        assertThat(ConfigReport.source("EnvConfigSource")).isEqualTo("env");
        assertThat(ConfigReport.source(DatabaseUrlConfigSource.NAME)).isEqualTo("env DATABASE_URL");
        assertThat(ConfigReport.source("PropertiesConfigSource[source=jar:file:/app.jar!/application.properties]"))
                .isEqualTo("file");
        assertThat(ConfigReport.source("SysPropConfigSource")).isEqualTo("system property");
        assertThat(ConfigReport.source("DefaultValuesConfigSource")).isEqualTo("default");
    }
}
