package dev.onebinary.console;

import java.util.List;

/**
 * What one console statement gave: rows with their column names, or the number of rows it changed; in write mode also
 * the rows the server counted as changed in the statement (a query with a data-modifying WITH changes rows too).
 */
public record Result(
        List<String> columns,
        List<List<Object>> rows,
        boolean truncated,
        Integer changed,
        long millis,
        Long written,
        String message) {

    static Result rows(List<String> columns, List<List<Object>> rows, boolean truncated, long millis) {
        return new Result(columns, rows, truncated, null, millis, null, null);
    }

    static Result changed(int count, long millis) {
        return new Result(List.of(), List.of(), false, count, millis, null, null);
    }

    /** What the console says instead of rows: COMMIT, ROLLBACK, or what the server did with the transaction. */
    static Result message(String message) {
        return new Result(List.of(), List.of(), false, null, 0, null, message);
    }

    static Result capped(List<String> columns, List<List<Object>> rows, int maxRows, long start) {
        boolean truncated = rows.size() > maxRows;
        return rows(columns, truncated ? rows.subList(0, maxRows) : rows, truncated, millis(start));
    }

    static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The same result with the rows the server counted as written. */
    Result written(long count) {
        return new Result(columns, rows, truncated, changed, millis, count, message);
    }

    public boolean isQuery() {
        return changed == null && message == null;
    }
}
