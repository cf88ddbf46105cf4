package dev.onebinary.tasks;

import java.util.List;

/**
 * What a task author writes: how to find the next keys after a cursor, how many are left, and what to do to one batch.
 * Batching, transactions, cursors, locks, shards, signals, progress, dry runs and the ledger are the framework's.
 * Keys are ascending longs (a primary key).
 */
public interface BatchTask {

    /** Up to {@code limit} keys greater than {@code after}, ascending, in this shard. */
    List<Long> nextKeys(long after, int limit, Shard shard);

    /** How many keys greater than {@code after} are left in this shard (for progress and dry runs). */
    long remaining(long after, Shard shard);

    /** Does the work for these keys, in the framework's transaction; returns the number of rows changed. */
    int process(List<Long> keys);
}
