package dev.onebinary.tasks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The work of a {@link TableTask} that writes its own keyset ({@code nextKeys}, {@code remaining}) over integer keys. */
final class KeysByHand implements Work {

    private static final int FIRST_KEYS = 10;

    private final TableTask task;
    private final Shard shard;

    KeysByHand(TableTask task, Shard shard) {
        this.task = task;
        this.shard = shard;
    }

    @Override
    public long remaining(Connection c, Position from) throws SQLException {
        return task.remaining(c, after(from), shard);
    }

    @Override
    public Step next(Connection c, Position from, int size, Guard guard) throws SQLException {
        List<Long> keys = task.nextKeys(c, after(from), size, shard);
        if (keys.isEmpty()) {
            return Step.nothingLeft(from);
        }
        int changed = task.process(new Batch(List.copyOf(keys), c, "bigint"));
        return new Step(keys.size(), changed, at(keys.getLast()), true, 0);
    }

    @Override
    public DryRun dryRun(Connection c, Position from, long limit, int batchSize) throws SQLException {
        List<Object> first = new ArrayList<>();
        long after = after(from);
        long count = 0;
        while (count < limit) {
            List<Long> keys = task.nextKeys(c, after, (int) Math.min(batchSize, limit - count), shard);
            if (keys.isEmpty()) {
                break;
            }
            keys.stream().limit(Math.max(0, FIRST_KEYS - first.size())).forEach(first::add);
            count += keys.size();
            after = keys.getLast();
        }
        return new DryRun(count, first, 0, count == 0 ? from : at(after));
    }

    private static long after(Position from) {
        return from.atStart() ? 0 : Long.parseLong(from.keyValues().getFirst());
    }

    private static Position at(long key) {
        return Position.ofKeyValues(List.of(Long.toString(key)));
    }
}
