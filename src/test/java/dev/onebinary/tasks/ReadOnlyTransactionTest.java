package dev.onebinary.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onebinary.support.TestDatabase;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dry runs stand on this: inside a task's read-only transaction PostgreSQL itself refuses each kind of write. */
@QuarkusTest
class ReadOnlyTransactionTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void databaseRefusesEveryWriteInsideAReadOnlyTaskTransaction() {
        long before = (Long) TestDatabase.scalar(TestDatabase.NAME, "SELECT count(*) FROM records");
        for (String write : List.of(
                "INSERT INTO records (status, payload) VALUES ('pending', '{}')",
                "UPDATE records SET status = 'pending'",
                "DELETE FROM records",
                "CREATE TABLE not_allowed (id int)")) {
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                        ReadOnlyTransaction.enforce(dataSource);
                        execute(write);
                    }))
                    .hasRootCauseInstanceOf(SQLException.class)
                    .rootCause()
                    .hasMessageContaining("read-only transaction");
        }
        assertThat(TestDatabase.scalar(TestDatabase.NAME, "SELECT count(*) FROM records"))
                .isEqualTo(before);
    }

    private void execute(String sql) {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
