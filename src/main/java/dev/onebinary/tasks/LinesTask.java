package dev.onebinary.tasks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A task over the lines of a file or of stdin: an import. The author says where the input is, how many header lines it
 * has, how to read one line (an item, or a rejection with its reason) and how to write a batch of items. The framework
 * reads the input in batches without loading or counting it first, commits each batch with the byte offset after its
 * last line and the file's identity (so a killed run resumes exactly after the last committed line, and a different
 * file is refused), writes rejected lines to the rejects file and stops at --max-rejects.
 */
public abstract class LinesTask extends Task {

    /** A line that cannot be imported, and why (one line, shown to the user and written to the rejects file). */
    public static final class Rejected extends Exception {
        public Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The input: a file's path, or {@code -} for stdin. */
    protected abstract String input();

    /** Lines at the top of the input that are not items (a CSV header): read again on every run, even when resuming. */
    protected int headerLines() {
        return 0;
    }

    /** Reads the header lines before the first item. */
    protected void header(List<String> lines) throws Rejected {}

    /** One line as an item to write, or {@link Rejected} with the reason; {@code number} counts from 1. */
    protected abstract Object parse(String line, long number) throws Rejected;

    /** Writes the batch's items on the batch's connection, inside its transaction; returns the rows written. */
    protected abstract int write(List<Object> items, Connection c) throws SQLException;

    /** Where rejected lines go (JSON lines: line number, reason, the line); null: nowhere but the counts. */
    protected String rejectsFile() {
        return null;
    }

    /** The run stops (exit 10) when more lines than this are rejected; -1: no limit. */
    protected long maxRejects() {
        return -1;
    }

    @Override
    final Work open(Connection c, Shard shard) {
        if (shard.count() > 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "an import reads one input in order and cannot be sharded: drop --shard");
        }
        return new Lines(this);
    }
}
