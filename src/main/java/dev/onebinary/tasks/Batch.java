package dev.onebinary.tasks;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One batch of a task that does its work in Java ({@link TableTask#process}): the keys of the selected rows, in key
 * order (a value per row for a one-column key, a list of values for a composite key), and the connection of the batch's
 * transaction. Whatever the task does on this connection commits with the batch's cursor, or not at all.
 */
public record Batch(List<Object> keys, Connection connection, String keyType) {

    /** The keys of a one-column key as a SQL array, for {@code WHERE id = ANY(?)}. */
    public Array keysArray() throws SQLException {
        if (keyType == null) {
            throw new IllegalStateException("keysArray() needs a one-column key");
        }
        return connection.createArrayOf(keyType, keys.toArray());
    }
}
