package dev.onebinary.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a task touches, declared: a table, the column(s) of its key (any orderable, unique-together columns: a bigint or
 * uuid id, a text code, a timestamp plus an id) and the conditions rows must meet, with their parameters. The framework
 * writes the keyset query ({@code key > cursor AND conditions AND shard ORDER BY key LIMIT n}), the count for progress
 * and dry runs, and the shard predicate.
 *
 * <pre>{@code Selection.of("records").key("id").where("status = 'invalid'")}</pre>
 */
public final class Selection {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    final String table;
    List<String> key = List.of("id");
    final List<String> conditions = new ArrayList<>();
    final List<Object> parameters = new ArrayList<>();

    private Selection(String table) {
        this.table = identifier(table);
    }

    /** Rows of this table ({@code records} or {@code schema.table}). */
    public static Selection of(String table) {
        return new Selection(table);
    }

    /** The key columns, in keyset order; {@code id} unless declared. Together they must be unique. */
    public Selection key(String... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("a key needs at least one column");
        }
        this.key = Arrays.stream(columns).map(Selection::identifier).toList();
        return this;
    }

    /** A condition every selected row meets, SQL with {@code ?} for each parameter, AND-ed with the others. */
    public Selection where(String condition, Object... parameters) {
        long placeholders = condition.chars().filter(c -> c == '?').count();
        if (placeholders != parameters.length) {
            throw new IllegalArgumentException("condition " + condition + " has " + placeholders + " placeholders for "
                    + parameters.length + " parameters");
        }
        conditions.add("(" + condition + ")");
        this.parameters.addAll(Arrays.asList(parameters));
        return this;
    }

    /** {@link #where(String, Object...)} when {@code when} holds (an optional filter of the task). */
    public Selection where(boolean when, String condition, Object... parameters) {
        return when ? where(condition, parameters) : this;
    }

    /** The conditions as one SQL expression. */
    String condition() {
        return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
    }

    private static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
        return name;
    }
}
