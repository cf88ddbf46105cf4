package dev.onebinary.domain.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Lines of an import file as record payloads, by the rules {@code POST /records} applies: an NDJSON line is a body
 * ({@code {"payload": {...}}}) read by {@link RecordBody}; a CSV line is a payload whose fields are the header's
 * columns, by the same {@link RecordBody.Limits}. A line that cannot be a record throws {@link IllegalArgumentException}
 * with a one-line reason.
 *
 * <p>CSV is read a line at a time, as RFC 4180 says (quotes, doubled quotes, commas inside quotes), except that a quoted
 * field cannot span lines: the import's cursor is a byte offset after a line, and a record split over lines could be
 * resumed in its middle. Values that are JSON integers, {@code true} or {@code false} become those; an empty value
 * becomes null; everything else is text. Written here rather than with a CSV library because the import needs exactly
 * one line in and one payload out, with its own reasons.
 */
public final class RecordLines {

    /** The formats an import reads. */
    public enum Format {
        NDJSON,
        CSV;

        /** csv for a {@code .csv} file, ndjson for anything else and for stdin. */
        public static Format of(String input) {
            return input.toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : NDJSON;
        }
    }

    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final JsonFactory JSON = new JsonFactory();

    private final Format format;
    private final RecordBody body;
    private final RecordBody.Limits limits;
    private List<String> columns;

    public RecordLines(Format format, RecordBody.Limits limits) {
        this.format = format;
        this.body = new RecordBody(limits);
        this.limits = limits;
    }

    /** Lines before the first record: the CSV header. */
    public int headerLines() {
        return format == Format.CSV ? 1 : 0;
    }

    /** Reads the header lines; why they are not usable, or empty. */
    public Optional<String> header(List<String> lines) {
        if (format != Format.CSV) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.of("the CSV file is empty: it needs a header line naming the payload fields");
        }
        try {
            columns = fields(lines.getFirst());
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        var seen = new HashSet<String>();
        for (String c : columns) {
            if (c.isBlank()) {
                return Optional.of("a column of the header has no name");
            }
            String problem = PayloadValues.textProblem(c, "key", limits.maxKeyLength());
            if (problem != null) {
                return Optional.of("the header: " + problem);
            }
            if (!seen.add(c)) {
                return Optional.of("the header names column " + c + " twice");
            }
        }
        return Optional.empty();
    }

    /** The payload of one line as compact JSON text for a jsonb column, numbers exactly as written. */
    public String payload(String line) {
        if (line.isBlank()) {
            throw new IllegalArgumentException("the line is empty");
        }
        return format == Format.CSV ? csv(line) : body.payloadJson(line);
    }

    /** Appends JSON text to a {@code COPY ... FROM STDIN} row in text format, escaping what that format reserves. */
    public static void copyText(StringBuilder row, String json) {
        for (int i = 0; i < json.length(); i++) {
            char ch = json.charAt(i);
            switch (ch) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                default -> row.append(ch);
            }
        }
    }

    private String csv(String line) {
        List<String> values = fields(line);
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException(
                    "the line has " + values.size() + " field(s), the header " + columns.size());
        }
        StringWriter text = new StringWriter(line.length() + 16 * values.size());
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            for (int i = 0; i < values.size(); i++) {
                g.writeFieldName(columns.get(i));
                String v = values.get(i);
                if (v.isEmpty()) {
                    g.writeNull();
                } else if (v.equals("true") || v.equals("false")) {
                    g.writeBoolean(v.equals("true"));
                } else if (INTEGER.matcher(v).matches() && !v.equals("-0")) {
                    String problem = PayloadValues.numberProblem(v, limits.maxNumberDigits());
                    if (problem != null) {
                        throw new RecordBody.Refused(columns.get(i) + ": " + problem);
                    }
                    g.writeNumber(v);
                } else {
                    String problem = PayloadValues.textProblem(v, "string", limits.maxStringLength());
                    if (problem != null) {
                        throw new RecordBody.Refused(columns.get(i) + ": " + problem);
                    }
                    g.writeString(v);
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The fields of one CSV line. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException(
                                "a quoted field is not closed on its line (fields cannot span lines)");
                    }
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(ch);
                    }
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after a closing quote at character " + (i + 1));
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        throw new IllegalArgumentException("a quote inside an unquoted field at character " + i);
                    }
                    field.append(ch);
                }
            }
            out.add(field.toString());
            field.setLength(0);
            if (i >= line.length()) {
                return out;
            }
            i++; // the comma
        }
    }
}
