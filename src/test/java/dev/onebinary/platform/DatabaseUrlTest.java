package dev.onebinary.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void herokuStyleUrlBecomesJdbcUrlUserAndPassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://alice:p%40ss%3Aword@db.internal:6543/orders?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/orders?sslmode=require");
        assertThat(url.username()).isEqualTo("alice");
        assertThat(url.password()).isEqualTo("p@ss:word");
    }

    @Test
    void postgresqlSchemeAndMissingPortAreAccepted() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://bob@localhost/app");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/app");
        assertThat(url.username()).isEqualTo("bob");
        assertThat(url.password()).isNull();
    }

    @Test
    void otherSchemesAreRejectedWithoutEchoingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@db/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgres://")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void urlWithoutDatabaseNameIsRejected() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:hunter2@db:5432"))
                .hasMessageContaining("database name")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void configSourceOffersTheDatasourceBetweenFileAndEnvironment() {
        DatabaseUrlConfigSource source = new DatabaseUrlConfigSource("postgres://u:pw@h:1/d");
        assertThat(source.getValue("quarkus.datasource.jdbc.url")).isEqualTo("jdbc:postgresql://h:1/d");
        assertThat(source.getValue("quarkus.datasource.password")).isEqualTo("pw");
        assertThat(source.getOrdinal()).isGreaterThan(250).isLessThan(300);
        assertThat(new DatabaseUrlConfigSource("not a url").getProperties()).isEmpty();
    }
}
