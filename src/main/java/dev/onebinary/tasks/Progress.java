package dev.onebinary.tasks;

import io.quarkus.logging.Log;
import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import org.jboss.logging.MDC;

/**
 * Shows how far a task is: on a terminal a live bar with done/total, rate and ETA; elsewhere (Kubernetes logs) one log
 * line with the same figures every few seconds, its figures also as structured fields (run id, task, shard, batches,
 * examined, changed, rate) for JSON logs, so a log aggregator can chart a Job without scraping.
 */
final class Progress {

    private static final Duration LOG_EVERY = Duration.ofSeconds(5);
    private static final Duration DRAW_EVERY = Duration.ofMillis(200);
    private static final int BAR = 30;

    private final TaskRunner.Run run;
    private final String unit;
    private final long total;
    private final boolean terminal;
    private final PrintStream err = System.err;
    private final long started = System.nanoTime();
    private long lastShown = System.nanoTime();
    private long lastLogged = System.nanoTime();
    private boolean drawn;

    Progress(TaskRunner.Run run, String unit, long total) {
        this.run = run;
        this.unit = unit;
        this.total = total;
        Console console = System.console();
        this.terminal = console != null && console.isTerminal();
    }

    /** Shows progress if it is time to; true when the run's figures are due to be saved (every few seconds). */
    boolean update(long done, long examined, long changed, long batches) {
        long now = System.nanoTime();
        if (terminal && now - lastShown >= DRAW_EVERY.toNanos()) {
            lastShown = now;
            int filled = total <= 0 ? 0 : (int) Math.min(BAR, done * BAR / Math.max(1, total));
            err.print(
                    "\r" + label() + " [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + figures(done, now));
            err.flush();
            drawn = true;
        }
        if (now - lastLogged < LOG_EVERY.toNanos()) {
            return false;
        }
        lastLogged = now;
        if (!terminal) {
            double rate = examined / Math.max(1e-3, (now - started) / 1e9);
            MDC.put("run_id", run.runId().map(String::valueOf).orElse(""));
            MDC.put("task", run.task());
            MDC.put("shard", run.shard().toString());
            MDC.put("batches", Long.toString(batches));
            MDC.put("examined", Long.toString(examined));
            MDC.put("changed", Long.toString(changed));
            MDC.put("rows_per_second", String.format(Locale.ROOT, "%.0f", rate));
            try {
                Log.infof("%s: %s", label(), figures(done, now));
            } finally {
                for (String key :
                        new String[] {"run_id", "task", "shard", "batches", "examined", "changed", "rows_per_second"}) {
                    MDC.remove(key);
                }
            }
        }
        return true;
    }

    void finish() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    private String label() {
        return run.task() + " " + run.shard();
    }

    private String figures(long done, long now) {
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = done / seconds;
        if (total < 0) {
            return String.format(Locale.ROOT, "%d %s (%.0f/s)", done, unit, rate);
        }
        String eta = rate > 0 && total > done ? formatEta((long) ((total - done) / rate)) : "-";
        long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
        return String.format(Locale.ROOT, "%d/%d (%d%%) %.0f %s/s ETA %s", done, total, percent, rate, unit, eta);
    }

    private static String formatEta(long seconds) {
        return seconds < 60
                ? seconds + "s"
                : seconds / 60 + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
    }
}
