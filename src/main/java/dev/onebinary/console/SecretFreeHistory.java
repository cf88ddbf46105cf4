package dev.onebinary.console;

import dev.onebinary.platform.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * The console's line history (~/.app_console_history): readable by its owner only (mode 0600, also when an older
 * release left it wider), and a line that holds a secret ({@code PASSWORD '…'}, {@code password=…}) is never added,
 * so it is neither recalled nor written to the file.
 */
final class SecretFreeHistory extends DefaultHistory {

    /**
     * Creates the file with mode 0600, or narrows an existing one; false when it cannot, or when the path is not a
     * plain file (a link, a device): the console then keeps no history file.
     */
    static boolean prepare(Path file) {
        try {
            if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } else {
                return false;
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Override
    public void add(Instant time, String line) {
        if (!Secrets.containsSecret(line)) {
            super.add(time, line);
        }
    }

    @Override
    protected void addHistoryLine(Path path, String line, boolean checkDuplicates) {
        // Lines an earlier release wrote with a secret in them are not loaded back.
        if (!Secrets.containsSecret(line)) {
            super.addHistoryLine(path, line, checkDuplicates);
        }
    }
}
