package dev.onebinary.domain.records;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Interim strict body reader (replaced by the HTTP layer's strict parser at merge). */
public final class RecordBody {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public static RecordBody standard() {
        return new RecordBody();
    }

    public String payload(String line) {
        JsonNode body;
        try {
            body = JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalArgumentException("not valid JSON");
        }
        if (body == null
                || !body.isObject()
                || body.size() != 1
                || !body.path("payload").isObject()) {
            throw new IllegalArgumentException(
                    "the line must be a JSON object with a \"payload\" object and nothing else");
        }
        String text = body.get("payload").toString();
        checkStorable(text);
        return text;
    }

    public static void checkStorable(String text) {
        if (text.indexOf('\u0000') >= 0 || text.contains("\\u0000")) {
            throw new IllegalArgumentException("text contains \\u0000, which PostgreSQL cannot store");
        }
    }
}
