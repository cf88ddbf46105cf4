package dev.onebinary.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;

/**
 * Writes results for machines ({@code --output json}): one JSON document on stdout. Plain Jackson, configured as Quarkus
 * configures its own mapper (ISO dates), so commands answered before Quarkus boots write the same JSON.
 */
public final class Output {

    private static final ObjectMapper COMPACT = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final ObjectMapper INDENTED = COMPACT.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    /** One-line JSON, for a value inside a text table or a log line. */
    public static String compact(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** The value as an indented JSON document, then a newline. */
    public static void json(PrintWriter out, Object value) {
        try {
            out.println(INDENTED.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON output", e);
        }
    }
}
