package dev.onebinary.platform.deploy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a tree of maps, lists, strings, integers and booleans as block-style YAML, with no library: the
 * runtime classpath has no YAML writer, and {@code app job} runs before anything else starts. A string is written
 * plain only when no YAML 1.1 or 1.2 parser can read it as anything but that string; otherwise it is double-quoted
 * with JSON escapes, which YAML reads the same way.
 */
public final class Yaml {

    /** Starts with a letter, underscore or slash, then letters, digits, {@code _ . / -}: never a number or a date. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./-]*");

    /** Plain words YAML 1.1 (which kubectl's parser follows) reads as booleans or null. */
    private static final Set<String> RESERVED =
            Set.of("y", "yes", "n", "no", "true", "false", "on", "off", "null", "nan", "inf");

    private Yaml() {}

    /** One YAML document, ending with a newline. */
    public static String yaml(Object tree) {
        StringBuilder out = new StringBuilder();
        if (tree instanceof Map<?, ?> map && !map.isEmpty()) {
            block(out, map, 0);
        } else if (tree instanceof List<?> list && !list.isEmpty()) {
            block(out, list, 0);
        } else {
            out.append(scalar(tree)).append('\n');
        }
        return out.toString();
    }

    private static void block(StringBuilder out, Object node, int indent) {
        String pad = " ".repeat(indent);
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(pad).append(string(String.valueOf(e.getKey()))).append(':');
                value(out, e.getValue(), indent + 2);
            }
        } else {
            for (Object item : (List<?>) node) {
                if (item instanceof Map<?, ?> map && !map.isEmpty()) {
                    // "- key: value" and the item's other keys aligned under the first.
                    StringBuilder nested = new StringBuilder();
                    block(nested, map, indent + 2);
                    out.append(pad).append("- ").append(nested.substring(indent + 2));
                } else {
                    out.append(pad).append('-');
                    value(out, item, indent + 2);
                }
            }
        }
    }

    /** After "key:" or "-": a scalar or an empty collection on the same line, else a nested block. */
    private static void value(StringBuilder out, Object value, int indent) {
        if (value instanceof Map<?, ?> map && !map.isEmpty() || value instanceof List<?> list && !list.isEmpty()) {
            out.append('\n');
            block(out, value, indent);
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    private static String scalar(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> map -> "{}";
            case List<?> list -> "[]";
            case Boolean b -> b.toString();
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case String s -> string(s);
            default ->
                throw new IllegalArgumentException(
                        "not a manifest value: " + value.getClass().getSimpleName());
        };
    }

    private static String string(String s) {
        return PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(Locale.ROOT)) ? s : quoted(s);
    }

    /** A double-quoted string with JSON escapes, valid as JSON and as a YAML double-quoted scalar. */
    static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isSurrogate(c)) {
                        boolean paired = Character.isHighSurrogate(c)
                                && i + 1 < s.length()
                                && Character.isLowSurrogate(s.charAt(i + 1));
                        if (paired) {
                            out.append(c).append(s.charAt(++i));
                        } else {
                            out.append('\uFFFD');
                        }
                    } else if (c < 0x20
                            || (c >= 0x7F && c <= 0x9F)
                            || c == '\u2028'
                            || c == '\u2029'
                            || c == '\uFEFF') {
                        // Not printable in YAML (or a line break to it): escaped, never written raw.
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
