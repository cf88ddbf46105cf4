package dev.onebinary.tasks;

import java.util.Arrays;
import java.util.List;

/**
 * What a task does to each selected row, declared as SQL: an update of some columns or a delete. The framework runs
 * each batch as one statement that re-checks the selection's conditions on every row (a row that changed since it was
 * selected is left alone), checks the run still holds its lock, and saves the cursor, so a batch is one round trip.
 */
public final class Change {

    final String assignments;
    final List<Object> parameters;

    private Change(String assignments, List<Object> parameters) {
        this.assignments = assignments;
        this.parameters = parameters;
    }

    /** {@code UPDATE ... SET assignments}, SQL with {@code ?} for each parameter. */
    public static Change update(String assignments, Object... parameters) {
        return new Change(assignments, Arrays.asList(parameters));
    }

    /** {@code DELETE} the selected rows. */
    public static Change delete() {
        return new Change(null, List.of());
    }

    boolean deletes() {
        return assignments == null;
    }
}
