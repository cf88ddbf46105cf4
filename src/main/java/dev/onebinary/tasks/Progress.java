package dev.onebinary.tasks;

import io.quarkus.logging.Log;
import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows how far a task is: on a terminal a live bar with done/total, rate and ETA; elsewhere (Kubernetes logs) one
 * log line with the same figures every few seconds.
 */
final class Progress {

    private static final Duration LOG_EVERY = Duration.ofSeconds(5);
    private static final Duration DRAW_EVERY = Duration.ofMillis(200);
    private static final int BAR = 30;

    private final String label;
    private final long total;
    private final boolean terminal;
    private final PrintStream err = System.err;
    private final long started = System.nanoTime();
    private long lastShown = System.nanoTime();
    private boolean drawn;

    Progress(String label, long total) {
        this.label = label;
        this.total = total;
        Console console = System.console();
        this.terminal = console != null && console.isTerminal();
    }

    void update(long done) {
        long now = System.nanoTime();
        if (now - lastShown < (terminal ? DRAW_EVERY : LOG_EVERY).toNanos()) {
            return;
        }
        lastShown = now;
        if (terminal) {
            int filled = total == 0 ? BAR : (int) Math.min(BAR, done * BAR / Math.max(1, total));
            err.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + figures(done, now));
            err.flush();
            drawn = true;
        } else {
            Log.infof("%s: %s", label, figures(done, now));
        }
    }

    void finish() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    private String figures(long done, long now) {
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = done / seconds;
        String eta = rate > 0 && total > done ? formatEta((long) ((total - done) / rate)) : "-";
        long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
        return String.format(Locale.ROOT, "%d/%d (%d%%) %.0f rows/s ETA %s", done, total, percent, rate, eta);
    }

    private static String formatEta(long seconds) {
        return seconds < 60
                ? seconds + "s"
                : seconds / 60 + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
    }
}
