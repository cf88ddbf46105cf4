package dev.onebinary.tasks;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A task over the rows of a table, as its author declares it: what to touch ({@link #select()}) and what to do with it,
 * as SQL ({@link #change()}) or in Java ({@link #process(Batch)}). The framework writes the keyset, count, shard and
 * cursor queries from the declaration.
 *
 * <pre>{@code
 * @Command(name = "fix-bad-records", description = "Set invalid records back to pending.")
 * public class FixBadRecords extends TableTask {
 *     protected Selection select() { return Selection.of("records").key("id").where("status = 'invalid'"); }
 *     protected Change change() { return Change.update("status = 'pending', error = NULL, updated_at = now()"); }
 * }
 * }</pre>
 */
public abstract class TableTask extends Task {

    /**
     * The rows this task touches: table, key column(s), conditions. Built once per run, after the options. Null for a
     * task whose selection a declaration cannot say: it writes {@link #nextKeys} and {@link #remaining} instead.
     */
    protected abstract Selection select();

    /**
     * Hand-written keyset, for what a declaration cannot say: up to {@code limit} integer keys greater than {@code
     * after}, ascending, in this shard ({@link Shard#sql(String)}), on the batch's connection.
     */
    protected java.util.List<Long> nextKeys(Connection c, long after, int limit, Shard shard) throws SQLException {
        throw new UnsupportedOperationException(taskName() + " declares no selection and writes no nextKeys");
    }

    /** Hand-written count of the keys after {@code after} in this shard, for progress and dry runs; -1 if unknown. */
    protected long remaining(Connection c, long after, Shard shard) throws SQLException {
        return -1;
    }

    /** What to do with the selected rows, as SQL: each batch is then one statement. Null: {@link #process} does it. */
    protected Change change() {
        return null;
    }

    /**
     * What to do with one batch, in Java, on the batch's connection inside its transaction (the batch's cursor commits
     * with it); returns the rows changed. Only called when {@link #change()} is null.
     */
    protected int process(Batch batch) throws SQLException {
        throw new UnsupportedOperationException(taskName() + " declares neither change() nor process()");
    }

    @Override
    final Work open(Connection c, Shard shard) throws SQLException {
        Selection selection = select();
        return selection == null ? new KeysByHand(this, shard) : new Keyset(c, this, selection, change(), shard);
    }
}
