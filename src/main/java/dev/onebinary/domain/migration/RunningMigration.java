package dev.onebinary.domain.migration;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The migration being applied right now in this process: the backend pid of its connection (so a watcher on another
 * connection can ask PostgreSQL who blocks it), its script and the lock timeout it runs under.
 */
@ApplicationScoped
public class RunningMigration {

    /** A snapshot of the running migration; pid 0 when none runs. */
    public record Now(int pid, String script, Duration lockTimeout) {}

    private static final Now NONE = new Now(0, null, Duration.ZERO);

    private volatile Now now = NONE;
    private volatile Now last = NONE;

    void started(int pid, String script, Duration lockTimeout) {
        now = new Now(pid, script, lockTimeout);
        last = now;
    }

    void ended() {
        now = NONE;
    }

    public Now now() {
        return now;
    }

    /** The migration that started last, still known after it ended: what a failure report is about. */
    public Now last() {
        return last;
    }
}
