package dev.onebinary.tasks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What a run works through, batch by batch: the rows of a keyset over a table, or the lines of a file. The runner owns
 * the rest (the lock and its fence, transactions, cursor, limits, signals, progress, report).
 */
interface Work extends AutoCloseable {

    /** What one batch did: items examined and changed, the position after it, and whether the run's lease held. */
    record Step(int examined, int changed, Position last, boolean leaseHeld, long rejected) {
        static Step nothingLeft(Position from) {
            return new Step(0, 0, from, true, 0);
        }
    }

    /** What a real run would do, found without changing anything. */
    record DryRun(long wouldChange, List<Object> firstItems, long wouldReject, Position last) {}

    /**
     * True when {@link #next} checks the lease and saves the cursor in the very statement that makes the changes (one
     * round trip per batch); otherwise the runner does both in the batch's transaction around it.
     */
    default boolean guardsItself() {
        return false;
    }

    /** How many items are left after the position, for progress; -1 when it cannot be known (a stream). */
    long remaining(Connection c, Position from) throws SQLException;

    /** How far the run is for progress, in {@link #unit()}s: the rows examined, or the bytes read. */
    default long progress(long examined) {
        return examined;
    }

    /** What {@link #remaining} and {@link #progress} count: rows, bytes, lines. */
    default String unit() {
        return "rows";
    }

    /** Why the run must stop after the batch just committed (an import over --max-rejects); empty to go on. */
    default java.util.Optional<TaskOutcome> stop() {
        return java.util.Optional.empty();
    }

    /** Called before each batch's transaction opens, for work that reads its input first (a file, a stream). */
    default void prefetch(Position from, int size) {}

    /** One batch on {@code c}, in the runner's transaction (or its own single statement when it guards itself). */
    Step next(Connection c, Position from, int size, Guard guard) throws SQLException;

    /** The dry run, inside a READ ONLY transaction on {@code c}: what a real run from here would do. */
    DryRun dryRun(Connection c, Position from, long limit, int batchSize) throws SQLException;

    @Override
    default void close() {}
}
