package dev.onebinary.console;

import java.util.List;

/** What one console statement gave: rows with their column names, or the number of rows it changed. */
public record Result(List<String> columns, List<List<Object>> rows, boolean truncated, Integer changed, long millis) {

    static Result rows(List<String> columns, List<List<Object>> rows, boolean truncated, long millis) {
        return new Result(columns, rows, truncated, null, millis);
    }

    static Result changed(int count, long millis) {
        return new Result(List.of(), List.of(), false, count, millis);
    }

    public boolean isQuery() {
        return changed == null;
    }
}
