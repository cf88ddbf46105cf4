package dev.onebinary.tasks;

/**
 * One of N disjoint parts of a task's keys, so N processes (a Kubernetes Indexed Job) together cover every key exactly
 * once, each with its own lock and cursor: {@code key % N = I} for an integer key, a stable hash of the key otherwise.
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

    /** A SQL condition selecting this shard's keys of an integer column, for hand-written keysets; TRUE for one shard. */
    public String sql(String integerKeyColumn) {
        return count == 1 ? "TRUE" : "(" + integerKeyColumn + " % " + count + ") = " + index;
    }

    /**
     * A SQL condition selecting this shard's keys, TRUE when there is one shard: the integer key's remainder, or for
     * other keys (uuid, text, composite) a stable hash of their text.
     */
    String sql(Keyset.Columns key) {
        if (count == 1) {
            return "TRUE";
        }
        if (key.integer()) {
            return sql(key.names().getFirst());
        }
        return "mod(abs(hashtextextended(" + key.asText() + ", 0)), " + count + ") = " + index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
