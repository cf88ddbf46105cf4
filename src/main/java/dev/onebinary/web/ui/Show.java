package dev.onebinary.web.ui;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write figures: one format for times, durations, counts and rates, in UTC, the way logs read. */
final class Show {

    static final String NONE = "—";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT);

    private Show() {}

    /** {@code 2026-11-23 07:31:03Z}. */
    static String utc(OffsetDateTime t) {
        return t == null ? NONE : UTC.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** For {@code <time datetime>}: the instant, which the page's script turns into "3 min ago". */
    static String iso(OffsetDateTime t) {
        return t == null ? "" : t.toInstant().toString();
    }

    /** {@code 1,234,567}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 850 ms}, {@code 12.3 s}, {@code 4 min 05 s}, {@code 2 h 03 min}, {@code 3 d 04 h}. */
    static String duration(Duration d) {
        if (d == null) {
            return NONE;
        }
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%d d %02d h", s / 86_400, s % 86_400 / 3600);
    }

    /** {@code 4 s ago}; the script keeps it moving between refreshes. */
    static String ago(Duration d) {
        if (d == null) {
            return NONE;
        }
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s ago";
        }
        if (s < 3600) {
            return s / 60 + " min ago";
        }
        if (s < 86_400) {
            return s / 3600 + " h ago";
        }
        return s / 86_400 + " d ago";
    }

    /** {@code 1,234/s}, or with a decimal below 10. */
    static String rate(double perSecond) {
        return perSecond < 10
                ? String.format(Locale.ROOT, "%.1f/s", perSecond)
                : String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    /** A command-line argument as a shell would need it: quoted when it holds spaces or shell characters. */
    static String shellWord(String arg) {
        if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_@%+=:,./*-]+")) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
