package dev.onebinary.domain.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MigrationDataSourceTest {

    @Test
    void namesAnotherDatabaseOnTheSameServerKeepingTheParameters() {
        assertThat(MigrationDataSource.withDatabase("jdbc:postgresql://db:5432/app?sslmode=require", "app_lint_1_a"))
                .contains("jdbc:postgresql://db:5432/app_lint_1_a?sslmode=require");
        assertThat(MigrationDataSource.withDatabase("jdbc:postgresql://db/app", "x"))
                .contains("jdbc:postgresql://db/x");
        assertThat(MigrationDataSource.withDatabase("jdbc:postgresql:app", "x")).isEmpty();
    }
}
