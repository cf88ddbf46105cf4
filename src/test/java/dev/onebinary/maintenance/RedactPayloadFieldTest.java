package dev.onebinary.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onebinary.support.TestDatabase;
import dev.onebinary.tasks.TaskReport;
import dev.onebinary.tasks.Tasks;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A task's own test: a few lines through the framework's in-process seam, against the test database. */
@QuarkusTest
class RedactPayloadFieldTest {

    @Test
    void removesTheFieldOnlyFromRecordsOfTheKindAndLeavesTheRestAlone() {
        TestDatabase.execute(
                TestDatabase.NAME,
                "DELETE FROM task_cursors WHERE task = 'redact-payload-field'; TRUNCATE records;"
                        + " INSERT INTO records (status, payload) VALUES"
                        + " ('processed', '{\"kind\": \"order\", \"email\": \"a@example.com\", \"n\": 1}'),"
                        + " ('processed', '{\"kind\": \"refund\", \"email\": \"b@example.com\", \"n\": 2}'),"
                        + " ('pending', '{\"kind\": \"order\", \"n\": 3}')");

        TaskReport report = Tasks.run(new RedactPayloadField(), "--field", "email", "--kind", "order");

        assertThat(report.changed()).isEqualTo(1);
        assertThat(TestDatabase.column(TestDatabase.NAME, "SELECT payload::text FROM records ORDER BY id"))
                .containsExactly(
                        "{\"n\": 1, \"kind\": \"order\"}",
                        "{\"n\": 2, \"kind\": \"refund\", \"email\": \"b@example.com\"}",
                        "{\"n\": 3, \"kind\": \"order\"}");
    }
}
