package dev.onebinary.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void secretLookingKeysAreMaskedWhole() {
        assertThat(Secrets.mask("quarkus.datasource.password", "hunter2")).isEqualTo("****");
        assertThat(Secrets.mask("app.stripe.api-key", "sk_live_1")).isEqualTo("****");
        assertThat(Secrets.mask("app.webhook.secret", "x")).isEqualTo("****");
        assertThat(Secrets.mask("quarkus.http.port", "8080")).isEqualTo("8080");
    }

    @Test
    void passwordsInsideUrlsAreMasked() {
        assertThat(Secrets.mask(
                        "quarkus.datasource.jdbc.url", "jdbc:postgresql://h/db?user=a&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=****&ssl=true");
        assertThat(Secrets.mask("app.upstream", "https://bob:hunter2@example.test/x"))
                .isEqualTo("https://bob:****@example.test/x");
    }

    @Test
    void secretOptionValuesAreMaskedInArguments() {
        assertThat(Secrets.maskArguments("--batch-size", "10", "--api-token", "t0k3n", "--db-password=hunter2"))
                .containsExactly("--batch-size", "10", "--api-token", "****", "--db-password=****");
        assertThat(Secrets.maskArguments("-c", "select 1", "postgres://u:hunter2@h/db"))
                .containsExactly("-c", "select 1", "postgres://u:****@h/db");
    }
}
