package dev.onebinary.web.ui;

import dev.onebinary.domain.ledger.Outcome;
import dev.onebinary.platform.Durations;
import dev.onebinary.web.BadRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.TypeConversionException;

/**
 * The runs list's query parameters, as the filter form sends them: {@code command}, {@code outcome}, {@code release},
 * {@code since} (a duration: 1h, 24h, 7d), {@code from} and {@code to} (UTC, as a datetime-local input sends them, or
 * ISO-8601 with an offset), {@code before} (the keyset of the next page). A bad value is a 400 naming it.
 */
record RunsRequest(String command, String outcome, String release, String since, String from, String to, Long before) {

    private static final int MAX_TEXT = 200;

    static RunsRequest of(
            String command, String outcome, String release, String since, String from, String to, String before) {
        Long beforeId = blank(before) == null ? null : id(before);
        RunsRequest r = new RunsRequest(
                text("command", command),
                text("outcome", outcome),
                text("release", release),
                blank(since),
                blank(from),
                blank(to),
                beforeId);
        if (r.outcome != null && !outcomes().contains(r.outcome)) {
            throw new BadRequest("outcome must be one of " + String.join(", ", outcomes()) + ", not " + r.outcome);
        }
        r.filter(OffsetDateTime.now(ZoneOffset.UTC));
        return r;
    }

    static List<String> outcomes() {
        List<String> values = new ArrayList<>();
        for (Outcome o : Outcome.values()) {
            values.add(o.value());
        }
        return values;
    }

    /** The filter this asks for; {@code since} counts back from {@code now}. */
    RunQueries.Filter filter(OffsetDateTime now) {
        Optional<OffsetDateTime> start = Optional.ofNullable(from).map(v -> time("from", v));
        if (since != null) {
            Duration d = duration(since);
            OffsetDateTime sinceStart = now.minus(d);
            start = start.filter(s -> s.isAfter(sinceStart)).or(() -> Optional.of(sinceStart));
        }
        return new RunQueries.Filter(
                Optional.ofNullable(command),
                Optional.ofNullable(outcome),
                Optional.ofNullable(release),
                start,
                Optional.ofNullable(to).map(v -> time("to", v)),
                Optional.ofNullable(before));
    }

    boolean filtered() {
        return command != null || outcome != null || release != null || since != null || from != null || to != null;
    }

    /** The link to this list with {@code before} set (null: the first page). */
    String href(Long before) {
        Map<String, String> params = new LinkedHashMap<>();
        put(params, "command", command);
        put(params, "outcome", outcome);
        put(params, "release", release);
        put(params, "since", since);
        put(params, "from", from);
        put(params, "to", to);
        put(params, "before", before == null ? null : before.toString());
        StringBuilder href = new StringBuilder(AdminPages.ROOT + "/");
        char separator = '?';
        for (Map.Entry<String, String> p : params.entrySet()) {
            href.append(separator)
                    .append(p.getKey())
                    .append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return href.toString();
    }

    private static void put(Map<String, String> params, String key, String value) {
        if (value != null) {
            params.put(key, value);
        }
    }

    private static long id(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new BadRequest("before must be a run id, not " + value);
        }
    }

    private static Duration duration(String value) {
        try {
            return new Durations().convert(value);
        } catch (TypeConversionException e) {
            throw new BadRequest("since: " + e.getMessage());
        }
    }

    private static OffsetDateTime time(String name, String value) {
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(value).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new BadRequest(name + " must be a time like 2026-11-23T07:30 (UTC), not " + value);
            }
        }
    }

    private static String text(String name, String value) {
        String v = blank(value);
        if (v != null && v.length() > MAX_TEXT) {
            throw new BadRequest(name + " is longer than " + MAX_TEXT + " characters");
        }
        return v;
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
