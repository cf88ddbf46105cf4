package dev.onebinary.domain.records;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** The worker's rule for a valid payload: an object whose {@code kind} is a known kind and whose {@code n} is >= 0. */
public final class PayloadValidator {

    private final List<String> kinds;

    public PayloadValidator(List<String> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    /** Why the payload is invalid, or empty when it is valid. */
    public Optional<String> problem(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return Optional.of("payload is not a JSON object");
        }
        JsonNode kind = payload.get("kind");
        if (kind == null || !kind.isTextual() || !kinds.contains(kind.asText())) {
            return Optional.of("kind must be one of " + String.join(", ", kinds)
                    + (kind == null ? " (missing)" : ", not " + kind));
        }
        JsonNode n = payload.get("n");
        if (n == null || !n.isIntegralNumber() || n.bigIntegerValue().signum() < 0) {
            return Optional.of("n must be an integer >= 0" + (n == null ? " (missing)" : ", not " + n));
        }
        return Optional.empty();
    }
}
