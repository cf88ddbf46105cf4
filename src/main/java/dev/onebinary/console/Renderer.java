package dev.onebinary.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PGobject;

/** Prints results as an aligned table with a row count, as CSV, or as JSON. */
public final class Renderer {

    /** The output formats of the console. */
    public enum Format {
        table,
        csv,
        json
    }

    private final Format format;
    private final ObjectMapper mapper;
    private final int maxRows;

    Renderer(Format format, ObjectMapper mapper, int maxRows) {
        this.format = format;
        this.mapper = mapper;
        this.maxRows = maxRows;
    }

    void print(PrintWriter out, Result r, boolean timing) {
        if (r.message() != null) {
            out.println(
                    format == Format.json ? "{\"message\": \"" + r.message().replace("\"", "'") + "\"}" : r.message());
        } else if (!r.isQuery()) {
            out.println(format == Format.json ? "{\"changed\": " + r.changed() + "}" : r.changed() + " row(s) changed");
        } else {
            switch (format) {
                case table -> table(out, r);
                case csv -> csv(out, r);
                case json -> json(out, r);
            }
            if (format == Format.table && r.written() != null && r.written() > 0) {
                out.println("(" + r.written() + " row(s) changed)");
            }
        }
        if (timing) {
            out.println("Time: " + r.millis() + " ms");
        }
        out.flush();
    }

    private void table(PrintWriter out, Result r) {
        List<List<String>> cells = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            cells.add(row.stream().map(this::text).toList());
        }
        int[] widths = new int[r.columns().size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = r.columns().get(i).length();
            for (List<String> row : cells) {
                widths[i] = Math.max(widths[i], i < row.size() ? row.get(i).length() : 0);
            }
        }
        out.println(line(r.columns(), widths));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.println(rule);
        cells.forEach(row -> out.println(line(row, widths)));
        out.println("(" + r.rows().size() + (r.rows().size() == 1 ? " row)" : " rows)"));
        if (r.truncated()) {
            out.println("(only the first " + maxRows + " rows are shown; change it with --max-rows)");
        }
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = i < cells.size() ? cells.get(i) : "";
            sb.append(i == 0 ? "" : " | ").append(cell).append(" ".repeat(widths[i] - cell.length()));
        }
        return sb.toString().stripTrailing();
    }

    private void csv(PrintWriter out, Result r) {
        out.println(String.join(",", r.columns().stream().map(Renderer::csvCell).toList()));
        for (List<Object> row : r.rows()) {
            out.println(String.join(
                    ",",
                    row.stream().map(v -> csvCell(v == null ? "" : text(v))).toList()));
        }
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private void json(PrintWriter out, Result r) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < r.columns().size(); i++) {
                object.put(r.columns().get(i), jsonValue(i < row.size() ? row.get(i) : null));
            }
            rows.add(object);
        }
        try {
            out.println(mapper.writeValueAsString(rows));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private Object jsonValue(Object v) {
        if (v instanceof PGobject pg) {
            try {
                return pg.getValue() == null ? null : mapper.readTree(pg.getValue());
            } catch (JsonProcessingException e) {
                return pg.getValue();
            }
        }
        return v instanceof Number || v instanceof Boolean || v instanceof Map<?, ?> || v == null ? v : text(v);
    }

    private String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof PGobject pg) {
            return pg.getValue() == null ? "" : pg.getValue();
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            try {
                return mapper.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                return v.toString();
            }
        }
        if (v instanceof TemporalAccessor || v instanceof java.util.Date) {
            return v.toString();
        }
        return v.toString();
    }
}
