package dev.onebinary.worker;

import dev.onebinary.platform.DatabaseFailures;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's view of the database connection, shared by its threads: the first failure of an outage logs one line,
 * the first success after it logs one more, and each thread waits a growing, jittered pause between attempts.
 */
final class Outage {

    private static final long NONE = Long.MIN_VALUE;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private final AtomicLong since = new AtomicLong(NONE);
    private volatile long endedAt = NONE;

    /**
     * An attempt started at {@code attemptStart} (System.nanoTime) failed to reach the database. A failure of an
     * attempt that began before the last recovery belongs to the outage already over, and starts no new one.
     */
    void lost(Throwable failure, long attemptStart) {
        if (attemptStart < endedAt) {
            return;
        }
        if (since.compareAndSet(NONE, System.nanoTime())) {
            Log.warnf(
                    "worker: lost the database (%s); no record is lost or handled twice, retrying until it is back",
                    DatabaseFailures.describe(failure));
        }
    }

    /** An attempt succeeded: ends the outage, if there was one. */
    void reached() {
        long start = since.get();
        if (start != NONE && since.compareAndSet(start, NONE)) {
            endedAt = System.nanoTime();
            Log.infof(
                    "worker: the database is back after %.1f s; resuming",
                    (System.nanoTime() - start) / 1_000_000_000.0);
        }
    }

    boolean ongoing() {
        return since.get() != NONE;
    }

    /** The pause before attempt number {@code failures + 1}: 100 ms doubling up to 5 s, give or take a quarter. */
    static Duration pause(int failures) {
        long base = Math.min(FIRST_PAUSE.toMillis() << Math.min(failures, 16), LONGEST_PAUSE.toMillis());
        long jitter = ThreadLocalRandom.current().nextLong(-base / 4, base / 4 + 1);
        return Duration.ofMillis(base + jitter);
    }
}
