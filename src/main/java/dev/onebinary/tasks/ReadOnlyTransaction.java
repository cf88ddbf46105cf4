package dev.onebinary.tasks;

import dev.onebinary.domain.DatabaseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Makes the current (JTA) transaction READ ONLY before anything runs in it: PostgreSQL then refuses every write. */
public final class ReadOnlyTransaction {

    private ReadOnlyTransaction() {}

    /** Must be the first statement of the transaction; later statements on the pool's connection share it. */
    public static void enforce(DataSource dataSource) {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION READ ONLY");
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
