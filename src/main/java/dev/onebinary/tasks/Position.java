package dev.onebinary.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * Where a run is in its work, as saved in {@code task_cursors.position}: JSON whose shape belongs to the work (the key
 * values of the last row of a keyset, as text; a byte offset and the file's identity for an import). {@link #START} is
 * before the first item.
 */
public record Position(String json) {

    public static final Position START = new Position(null);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public boolean atStart() {
        return json == null;
    }

    /** The key values of a keyset position, as text (one per key column). */
    List<String> keyValues() {
        try {
            return MAPPER.readValue(json, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable cursor position " + json, e);
        }
    }

    static Position ofKeyValues(List<String> values) {
        return new Position(write(values));
    }

    Map<String, Object> asMap() {
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable cursor position " + json, e);
        }
    }

    static Position ofMap(Map<String, Object> values) {
        return new Position(write(values));
    }

    /**
     * The position as reports show it: the number for a single integer key ({@code 4200}), the value for another single
     * key, the list for a composite key, the map for a file; 0 at the start.
     */
    public Object shown() {
        if (json == null) {
            return 0L;
        }
        if (json.startsWith("{")) {
            return asMap();
        }
        List<String> values = keyValues();
        if (values.size() == 1) {
            String only = values.getFirst();
            try {
                return Long.parseLong(only);
            } catch (NumberFormatException e) {
                return only;
            }
        }
        return values;
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
