package dev.onebinary.domain.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads one record, {@code {"payload": {...}}}, strictly: the body of {@code POST /records}, or one line of an NDJSON
 * import. Nothing is altered: bytes that are not UTF-8, JSON that is not exactly one object with a {@code payload}
 * object and nothing else (no other field, nothing after it), duplicate keys, text PostgreSQL cannot store
 * ({@code \u0000}, unpaired surrogates) and values over the {@link Limits} (nesting depth, key and string length,
 * digits of a number) are refused with a {@link Refused} whose message is one line saying why (with line and column
 * where the JSON has them). Numbers are kept exactly as sent: no {@code double}, no rounding.
 *
 * <p>Thread-safe: one instance serves any number of threads.
 */
public final class RecordBody {

    /**
     * The limits a payload is held to; {@link #DEFAULTS} are those of {@code app.records.*} when not configured.
     *
     * @param maxDepth how deep arrays and objects may nest inside a payload; the payload object itself is level 1
     * @param maxKeyLength the longest object key, in Unicode code points
     * @param maxStringLength the longest string value, in Unicode code points
     * @param maxNumberDigits the most digits a number may have, as sent and written out ({@code 1e400} has 401)
     */
    public record Limits(int maxDepth, int maxKeyLength, int maxStringLength, int maxNumberDigits) {
        public static final Limits DEFAULTS = new Limits(32, 200, 10_000, 100);
    }

    /** A record refused as sent; the message is one line that says why, fit to show to whoever sent it. */
    public static final class Refused extends IllegalArgumentException {
        public Refused(String reason) {
            super(reason);
        }
    }

    private static final String SHAPE = "a record must be a JSON object with a \"payload\" object and nothing else";

    private final Limits limits;
    private final JsonFactory json;

    public RecordBody(Limits limits) {
        this.limits = limits;
        // The parser's own limits sit above ours, so that ours are the ones a client meets, with our messages; field
        // names are not interned, so hostile keys cannot fill a symbol table. Numbers are written back in plain
        // notation: 1.5e3 becomes 1500, the value PostgreSQL's numeric stores for either.
        this.json = JsonFactory.builder()
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth() + 2)
                        .maxNumberLength(Integer.MAX_VALUE)
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNameLength(Integer.MAX_VALUE)
                        .build())
                .build();
    }

    /**
     * The payload of one record given as UTF-8 bytes ({@code {"payload": {...}}}, nothing else), checked against
     * every rule and limit, as compact JSON text for a {@code jsonb} column: numbers to the last digit (a decimal
     * keeps its scale, 1.50), in plain notation.
     *
     * @throws Refused with a one-line reason when the record cannot be stored exactly as sent
     */
    public String payloadJson(byte[] record) {
        if (record == null || record.length == 0) {
            throw new Refused("the record is empty; " + SHAPE);
        }
        return payloadOf(StrictUtf8.decode(record));
    }

    /**
     * The same as {@link #payloadJson(byte[])} for text already decoded, such as one line of an NDJSON file (without
     * its line break).
     *
     * @throws Refused with a one-line reason when the record cannot be stored exactly as sent
     */
    public String payloadJson(String record) {
        if (record == null || record.isEmpty()) {
            throw new Refused("the record is empty; " + SHAPE);
        }
        return payloadOf(record);
    }

    /**
     * Reads the record and writes its payload out in one pass, checking every key and value on the way (no tree: a
     * profile of import-records had a third of the import in building one and writing it out again).
     */
    private String payloadOf(String text) {
        StringWriter out = new StringWriter(text.length());
        try (JsonParser parser = json.createParser(text);
                JsonGenerator gen = json.createGenerator(out)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new Refused(SHAPE);
            }
            boolean payload = false;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (!name.equals("payload")) {
                    throw refusal("unknown field " + quoted(name) + "; " + SHAPE, parser);
                }
                if (payload) {
                    throw refusal("duplicate key \"payload\"", parser);
                }
                JsonToken value = parser.nextToken();
                if (value != JsonToken.START_OBJECT) {
                    throw refusal(SHAPE + "; \"payload\" is " + kind(value), parser);
                }
                copyObject(parser, gen);
                payload = true;
            }
            if (token != JsonToken.END_OBJECT || !payload) {
                throw new Refused(SHAPE);
            }
            if (parser.nextToken() != null) {
                throw refusal("the record goes on after its JSON object", parser);
            }
        } catch (JsonProcessingException e) {
            throw new Refused("the record is not valid JSON" + at(e.getLocation()) + ": " + reason(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Copies the object the parser is on to the generator, checking every key and value on the way. */
    private void copyObject(JsonParser parser, JsonGenerator gen) throws IOException {
        // The keys seen in each open object; an array's entry is never added to.
        Deque<Set<String>> open = new ArrayDeque<>();
        JsonToken token = parser.currentToken();
        do {
            switch (token) {
                case START_OBJECT, START_ARRAY -> {
                    if (open.size() + 1 > limits.maxDepth()) {
                        throw refusal(
                                "the payload nests deeper than " + limits.maxDepth() + " levels of arrays and objects",
                                parser);
                    }
                    if (token == JsonToken.START_OBJECT) {
                        gen.writeStartObject();
                        open.push(new HashSet<>());
                    } else {
                        gen.writeStartArray();
                        open.push(Set.of());
                    }
                }
                case END_OBJECT -> {
                    gen.writeEndObject();
                    open.pop();
                }
                case END_ARRAY -> {
                    gen.writeEndArray();
                    open.pop();
                }
                case FIELD_NAME -> {
                    String field = parser.currentName();
                    refuseIf(PayloadValues.textProblem(field, "key", limits.maxKeyLength()), parser);
                    if (!open.peek().add(field)) {
                        throw refusal("duplicate key " + quoted(field), parser);
                    }
                    gen.writeFieldName(field);
                }
                case VALUE_STRING -> {
                    String text = parser.getText();
                    refuseIf(PayloadValues.textProblem(text, "string", limits.maxStringLength()), parser);
                    gen.writeString(text);
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    String number = parser.getText();
                    refuseIf(PayloadValues.numberProblem(number, limits.maxNumberDigits()), parser);
                    writeNumber(gen, number, token == JsonToken.VALUE_NUMBER_INT);
                }
                case VALUE_TRUE, VALUE_FALSE -> gen.writeBoolean(token == JsonToken.VALUE_TRUE);
                case VALUE_NULL -> gen.writeNull();
                default -> throw refusal("unexpected " + token, parser);
            }
            token = open.isEmpty() ? null : parser.nextToken();
        } while (token != null);
    }

    /** Exactly the number sent (its digits already checked): no double, and a decimal keeps its scale (1.50). */
    private static void writeNumber(JsonGenerator gen, String text, boolean integer) throws IOException {
        if (integer) {
            BigInteger value = new BigInteger(text);
            if (value.bitLength() < 64) {
                gen.writeNumber(value.longValue());
            } else {
                gen.writeNumber(value);
            }
        } else {
            gen.writeNumber(new BigDecimal(text));
        }
    }

    private static void refuseIf(String problem, JsonParser parser) {
        if (problem != null) {
            throw refusal(problem, parser);
        }
    }

    private static Refused refusal(String detail, JsonParser parser) {
        return new Refused(detail + at(parser.currentTokenLocation()));
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The parser's own words, first line only, without the names of its Java settings. */
    private static String reason(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage();
        String line = message.lines()
                .findFirst()
                .orElse("malformed")
                .replaceAll("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll("\\s*[:;,]?\\s*enable `[^`]*` to allow", "")
                .replaceAll("\\s*\\(?`[^`]*`[^)]*\\)?", "")
                .strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "not an object";
        };
    }

    private static String quoted(String name) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        StringBuilder s = new StringBuilder("\"");
        shown.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || Character.isSurrogate((char) c) && c <= 0xffff) {
                s.append(String.format("\\u%04x", c));
            } else {
                s.appendCodePoint(c);
            }
        });
        return s.append('"').toString();
    }
}
