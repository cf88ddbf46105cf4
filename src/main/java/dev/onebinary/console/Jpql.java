package dev.onebinary.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Column headings for a JPQL query: the expressions of its select clause, split at top-level commas. */
final class Jpql {

    private Jpql() {}

    static List<String> selectedColumns(String query) {
        String q = query.strip();
        String lower = q.toLowerCase(Locale.ROOT);
        int from = topLevelFrom(lower);
        if (!lower.startsWith("select ") || from < 0) {
            return List.of("value");
        }
        String clause = q.substring("select ".length(), from).strip();
        if (clause.toLowerCase(Locale.ROOT).startsWith("distinct ")) {
            clause = clause.substring("distinct ".length()).strip();
        }
        List<String> columns = new ArrayList<>();
        int depth = 0;
        int startOfColumn = 0;
        for (int i = 0; i < clause.length(); i++) {
            char ch = clause.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                columns.add(clause.substring(startOfColumn, i).strip());
                startOfColumn = i + 1;
            }
        }
        columns.add(clause.substring(startOfColumn).strip());
        return columns;
    }

    private static int topLevelFrom(String lower) {
        int depth = 0;
        for (int i = 0; i < lower.length(); i++) {
            char ch = lower.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (depth == 0 && lower.startsWith(" from ", i)) {
                return i;
            }
        }
        return -1;
    }
}
