package dev.onebinary.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    @Test
    void targetNamesHostPortAndDatabaseOnly() {
        assertThat(DatabaseFailures.target("jdbc:postgresql://db.internal:6543/orders?password=hunter2"))
                .isEqualTo("db.internal:6543/orders");
        assertThat(DatabaseFailures.target("jdbc:postgresql://db/orders")).isEqualTo("db:5432/orders");
    }
}
