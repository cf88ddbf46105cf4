package dev.onebinary.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigReportTest {

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
