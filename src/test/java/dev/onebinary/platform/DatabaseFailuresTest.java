package dev.onebinary.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    @Test
    void targetNamesHostPortAndDatabaseOnly() {
        assertThat(DatabaseFailures.target("jdbc:postgresql://db.internal:6543/orders?password=hunter2"))
                .isEqualTo("db.internal:6543/orders");
        assertThat(DatabaseFailures.target("jdbc:postgresql://db/orders")).isEqualTo("db:5432/orders");
    }

    @Test
    void aServerGoingAwayOrALostConnectionIsUnavailable() {
        for (String state : new String[] {"57P01", "57P02", "57P03", "08006", "08001", "08003", "28P01", "3D000"}) {
            assertThat(DatabaseFailures.isUnavailable(new RuntimeException(new SQLException("gone", state))))
                    .as(state)
                    .isTrue();
        }
        assertThat(DatabaseFailures.isUnavailable(new SQLException("io", "08006", new SocketException("reset"))))
                .isTrue();
        assertThat(DatabaseFailures.isUnavailable(new RuntimeException(new EOFException())))
                .isTrue();
        assertThat(DatabaseFailures.isUnavailable(new RuntimeException(new ConnectException("refused"))))
                .isTrue();
    }

    @Test
    void aStatementThatFailedIsNotUnavailable() {
        for (String state : new String[] {"23505", "22P02", "57014", "55P03", "40001", "42P01"}) {
            assertThat(DatabaseFailures.isUnavailable(new SQLException("no", state)))
                    .as(state)
                    .isFalse();
        }
        assertThat(DatabaseFailures.isUnavailable(new IllegalStateException("x")))
                .isFalse();
    }

    @Test
    void aBatchCutOffByARestartIsUnavailableAndItsLineQuotesNoStatement() {
        BatchUpdateException batch = new BatchUpdateException(
                "Batch entry 0 UPDATE records SET payload = '{\"card\":\"4111\"}' was aborted", "57P01", null);
        batch.setNextException(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        assertThat(DatabaseFailures.isUnavailable(new RuntimeException(batch))).isTrue();
        assertThat(DatabaseFailures.describe(batch))
                .startsWith("cannot reach the database at ")
                .endsWith(": FATAL: terminating connection due to administrator command")
                .doesNotContain("4111", "UPDATE");
        assertThat(DatabaseFailures.describe(new RuntimeException(new SocketException("Connection reset"))))
                .endsWith(": the connection was lost");
    }
}
