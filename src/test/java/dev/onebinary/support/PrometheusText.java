package dev.onebinary.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape in the Prometheus text exposition format (version 0.0.4), parsed strictly: every line is a comment, a
 * {@code # HELP}/{@code # TYPE} line or a sample {@code name{label="value",...} number}; anything else fails the parse,
 * and so does a sample outside the group of its family (the samples after a {@code # TYPE family} line, whose names
 * start with the family's).
 */
public final class PrometheusText {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)})? (\\S+)(?: -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final Map<String, String> types;
    private final List<Sample> samples;

    private PrometheusText(Map<String, String> types, List<Sample> samples) {
        this.types = types;
        this.samples = samples;
    }

    public static PrometheusText parse(String scrape) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        String family = null;
        int number = 0;
        for (String line : scrape.split("\n")) {
            number++;
            if (line.isBlank() || (line.startsWith("#") && !line.startsWith("# TYPE"))) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                family = type.group(1);
                if (types.put(family, type.group(2)) != null) {
                    throw new AssertionError("line " + number + ": family declared twice: " + line);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("line " + number + " is not Prometheus text format: " + line);
            }
            String name = sample.group(1);
            if (family == null || !name.startsWith(family)) {
                throw new AssertionError("line " + number + ": sample outside its family's group: " + line);
            }
            samples.add(new Sample(name, labels(sample.group(2), line), value(sample.group(3), line)));
        }
        return new PrometheusText(types, samples);
    }

    /** The declared type of a family ({@code counter}, {@code gauge}, ...), if the scrape has it. */
    public Optional<String> type(String family) {
        return Optional.ofNullable(types.get(family));
    }

    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The value of the one sample with this name and these labels (among others). */
    public double value(String name, Map<String, String> labels) {
        List<Sample> matching = samples(name).stream()
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
        if (matching.size() != 1) {
            throw new AssertionError(matching.size() + " samples " + name + labels + " in the scrape");
        }
        return matching.getFirst().value();
    }

    @Override
    public String toString() {
        return samples.size() + " samples of " + types.size() + " families";
    }

    private static Map<String, String> labels(String text, String line) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher label = LABEL.matcher(text);
        int end = 0;
        while (label.lookingAt()) {
            labels.put(label.group(1), label.group(2));
            end = label.end();
            label.region(end, text.length());
        }
        if (end != text.length()) {
            throw new AssertionError("malformed labels: " + line);
        }
        return labels;
    }

    private static double value(String text, String line) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new AssertionError("not a number: " + line);
                }
            }
        };
    }
}
