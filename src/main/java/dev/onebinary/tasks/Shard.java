package dev.onebinary.tasks;

/**
 * One of N disjoint parts of a task's keys ({@code key % count = index}), so N processes (a Kubernetes Indexed Job)
 * together cover every key exactly once, each with its own lock and cursor.
 */
public record Shard(int index, int count) {

    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard is I/N with 0 <= I < N, not " + index + "/" + count);
        }
    }

    /** Parses {@code I/N}. */
    public static Shard parse(String value) {
        String[] parts = value.strip().split("/");
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("a shard is I/N with 0 <= I < N, not " + value);
    }

    /** A SQL condition selecting this shard's keys of the given column; TRUE when there is one shard. */
    public String sql(String keyColumn) {
        return count == 1 ? "TRUE" : "(" + keyColumn + " % " + count + ") = " + index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
