package dev.onebinary.console;

import dev.onebinary.platform.DatabaseFailures;
import java.util.Optional;

/** One line for a refused statement: the database's or the parser's own words, never a stack trace. */
final class Messages {

    private Messages() {}

    static String oneLine(Throwable e) {
        Optional<String> fromDatabase = DatabaseFailures.databaseMessage(e);
        if (fromDatabase.isPresent()) {
            return firstLine(fromDatabase.get());
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return message == null ? "the statement failed" : firstLine(message);
    }

    private static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse("");
        // Hibernate appends the whole query in brackets; the user just typed it.
        int query = line.indexOf(" [select ");
        return (query > 0 ? line.substring(0, query) : line).strip();
    }
}
