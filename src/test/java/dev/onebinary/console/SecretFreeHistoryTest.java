package dev.onebinary.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFreeHistoryTest {

    @TempDir
    Path dir;

    private String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void theHistoryFileIsCreatedOrNarrowedToItsOwnerOnly() throws Exception {
        Path created = dir.resolve("new");
        assertThat(SecretFreeHistory.prepare(created)).isTrue();
        assertThat(mode(created)).isEqualTo("rw-------");

        Path wide = Files.createFile(dir.resolve("wide"));
        Files.setPosixFilePermissions(wide, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(SecretFreeHistory.prepare(wide)).isTrue();
        assertThat(mode(wide)).isEqualTo("rw-------");
    }

    @Test
    void aLinkOrADeviceIsNotUsedAsTheHistoryFile() throws Exception {
        Path target = Files.createFile(dir.resolve("target"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertThat(SecretFreeHistory.prepare(link)).isFalse();
        assertThat(mode(target)).as("the link's target is left alone").isEqualTo("rw-r--r--");
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        assertThat(SecretFreeHistory.prepare(fifo)).isFalse();
    }

    @Test
    void linesHoldingASecretAreNeverAdded() {
        SecretFreeHistory history = new SecretFreeHistory();
        history.add(Instant.now(), "SELECT 1");
        history.add(Instant.now(), "ALTER ROLE app PASSWORD 'hunter2'");
        history.add(Instant.now(), "SELECT dblink_connect('host=h password=hunter2')");
        assertThat(history.size()).isEqualTo(1);
        assertThat(history.get(0)).isEqualTo("SELECT 1");
    }
}
