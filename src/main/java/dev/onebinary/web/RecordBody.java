package dev.onebinary.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the body of {@code POST /records} strictly and returns its payload as JSON text for a {@code jsonb} column.
 * Nothing is altered: bytes that are not UTF-8, JSON that is not exactly one object, duplicate keys, text PostgreSQL
 * cannot store ({@code \u0000}, unpaired surrogates) and values over the limits of {@link RecordsConfig} are refused
 * with a {@link BadRequest} that says why. Numbers are copied as written, so PostgreSQL stores them exactly.
 */
final class RecordBody {

    private static final String SHAPE = "the body must be a JSON object with a \"payload\" object and nothing else";

    private final RecordsConfig limits;
    private final JsonFactory json;

    RecordBody(RecordsConfig limits) {
        this.limits = limits;
        // The parser's own limits sit above ours, so that ours are the ones a client meets, with our messages; field
        // names are not interned, so hostile keys cannot fill a symbol table.
        this.json = JsonFactory.builder()
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth() + 2)
                        .maxNumberLength(Integer.MAX_VALUE)
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNameLength(Integer.MAX_VALUE)
                        .build())
                .build();
    }

    /** The payload of the body, as compact JSON text with numbers exactly as sent. */
    String payload(byte[] body) {
        if (body == null || body.length == 0) {
            throw new BadRequest("the body is empty; " + SHAPE);
        }
        String text = StrictUtf8.decode(body);
        try (JsonParser parser = json.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest(SHAPE);
            }
            String payload = null;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (!name.equals("payload")) {
                    throw refusal("unknown field " + quoted(name) + "; " + SHAPE, parser);
                }
                if (payload != null) {
                    throw refusal("duplicate key \"payload\"", parser);
                }
                JsonToken value = parser.nextToken();
                if (value != JsonToken.START_OBJECT) {
                    throw refusal(SHAPE + "; \"payload\" is " + kind(value), parser);
                }
                payload = copyObject(parser);
            }
            if (token != JsonToken.END_OBJECT || payload == null) {
                throw new BadRequest(SHAPE);
            }
            if (parser.nextToken() != null) {
                throw refusal("the body goes on after its JSON object", parser);
            }
            return payload;
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not valid JSON" + at(e.getLocation()) + ": " + reason(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the object the parser is on, checking every key and value on the way. */
    private String copyObject(JsonParser parser) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = json.createGenerator(out)) {
            Deque<Set<String>> keys = new ArrayDeque<>();
            int depth = 0;
            JsonToken token = parser.currentToken();
            do {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > limits.maxDepth()) {
                            throw refusal(
                                    "the payload nests deeper than " + limits.maxDepth()
                                            + " levels of arrays and objects",
                                    parser);
                        }
                        if (token == JsonToken.START_OBJECT) {
                            keys.push(new HashSet<>());
                            gen.writeStartObject();
                        } else {
                            keys.push(Set.of());
                            gen.writeStartArray();
                        }
                    }
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        keys.pop();
                        if (token == JsonToken.END_OBJECT) {
                            gen.writeEndObject();
                        } else {
                            gen.writeEndArray();
                        }
                    }
                    case FIELD_NAME -> {
                        String name = parser.currentName();
                        refuseIf(PayloadValues.textProblem(name, "key", limits.maxKeyLength()), parser);
                        if (!keys.peek().add(name)) {
                            throw refusal("duplicate key " + quoted(name), parser);
                        }
                        gen.writeFieldName(name);
                    }
                    case VALUE_STRING -> {
                        String value = parser.getText();
                        refuseIf(PayloadValues.textProblem(value, "string", limits.maxStringLength()), parser);
                        gen.writeString(value);
                    }
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        String number = parser.getText();
                        refuseIf(PayloadValues.numberProblem(number, limits.maxNumberDigits()), parser);
                        gen.writeNumber(number);
                    }
                    case VALUE_TRUE, VALUE_FALSE -> gen.writeBoolean(token == JsonToken.VALUE_TRUE);
                    case VALUE_NULL -> gen.writeNull();
                    default -> throw refusal("unexpected " + token, parser);
                }
                token = depth > 0 ? parser.nextToken() : null;
            } while (token != null);
        }
        return out.toString();
    }

    private static void refuseIf(String problem, JsonParser parser) {
        if (problem != null) {
            throw refusal(problem, parser);
        }
    }

    private static BadRequest refusal(String detail, JsonParser parser) {
        return new BadRequest(detail + at(parser.currentTokenLocation()));
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
