package dev.onebinary.domain.migration;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An index PostgreSQL marks INVALID: what a failed CREATE INDEX CONCURRENTLY leaves behind. Writes keep maintaining
 * it while no query can use it, and {@code CREATE INDEX ... IF NOT EXISTS} then skips it silently.
 */
@RegisterForReflection
public record InvalidIndex(String schema, String name, String table) {

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    /** The statement that removes it without blocking the table. */
    public String dropStatement() {
        return "DROP INDEX CONCURRENTLY IF EXISTS " + quote(schema) + "." + quote(name) + ";";
    }

    public String describe() {
        return "INVALID index " + name + " on " + table + " (drop it with: " + dropStatement() + ")";
    }

    static List<InvalidIndex> find(Connection c) throws SQLException {
        List<InvalidIndex> found = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT n.nspname, ic.relname, tc.relname FROM pg_index i"
                        + " JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid"
                        + " JOIN pg_namespace n ON n.oid = ic.relnamespace WHERE NOT i.indisvalid"
                        + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2")) {
            while (rs.next()) {
                found.add(new InvalidIndex(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return found;
    }

    private static String quote(String identifier) {
        return PLAIN.matcher(identifier).matches() ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
