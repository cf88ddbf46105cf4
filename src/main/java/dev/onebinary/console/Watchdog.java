package dev.onebinary.console;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The lines behind the server's {@code statement_timeout}, for a statement still running after it: a cancel request
 * from the client one second later, then, if that is ignored too (a PL/pgSQL function can trap query_canceled), the
 * session's backend is terminated and its socket closed.
 */
final class Watchdog implements AutoCloseable {

    static final Duration CANCEL_AFTER = Duration.ofSeconds(1);
    static final Duration TERMINATE_AFTER = Duration.ofSeconds(3);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-watchdog");
        t.setDaemon(true);
        return t;
    });
    /** How far the watchdog had to go. */
    enum Stage {
        NONE,
        CANCELED,
        TERMINATED
    }

    private ScheduledFuture<?> cancel;
    private ScheduledFuture<?> terminate;
    private volatile Stage stage = Stage.NONE;

    /** Watches the statement about to run on {@code connection}; once armed, it stays so until {@link #disarm}. */
    void arm(Duration timeout, ConsoleConnection connection) {
        if (cancel != null) {
            return;
        }
        stage = Stage.NONE;
        long millis = timeout.toMillis();
        cancel = timer.schedule(
                () -> {
                    stage = Stage.CANCELED;
                    connection.cancel();
                },
                millis + CANCEL_AFTER.toMillis(),
                TimeUnit.MILLISECONDS);
        terminate = timer.schedule(
                () -> {
                    stage = Stage.TERMINATED;
                    connection.terminate();
                },
                millis + TERMINATE_AFTER.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Stops watching, after a termination already under way has completed; says how far the watchdog went (anything
     * but NONE: the statement outlived its timeout; TERMINATED: the session's connection is gone).
     */
    Stage disarm() {
        if (cancel != null) {
            cancel.cancel(false);
            if (!terminate.cancel(false)) {
                try {
                    terminate.get();
                } catch (Exception e) {
                    // it ran; the stage says so
                }
            }
            cancel = null;
            terminate = null;
        }
        Stage reached = stage;
        stage = Stage.NONE;
        return reached;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
