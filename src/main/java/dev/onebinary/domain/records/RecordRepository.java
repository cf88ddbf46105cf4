package dev.onebinary.domain.records;

import dev.onebinary.domain.DatabaseException;
import dev.onebinary.platform.DatabaseFailures;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records as the web process reads and writes them, over JDBC: the payload goes into {@code jsonb} as the JSON text
 * the client sent and comes back as the text PostgreSQL keeps, so no number passes through a {@code double}. A read
 * that loses its connection is tried once more on a fresh one; a write is not (it may have been committed).
 */
@ApplicationScoped
public class RecordRepository {

    private static final String COLUMNS = "id, status, payload::text, error, attempts, created_at, updated_at";
    private static final String INSERT =
            "INSERT INTO records (status, payload) VALUES ('pending', ?::jsonb) RETURNING " + COLUMNS;

    private final AgroalDataSource dataSource;

    RecordRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores a new pending record with this payload (JSON object text) and returns it as stored. */
    public StoredRecord submit(String payloadJson) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, payloadJson);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return row(rs);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    public Optional<StoredRecord> byId(long id) {
        return read(() -> {
            List<StoredRecord> found =
                    query("SELECT " + COLUMNS + " FROM records WHERE id = ?", ps -> ps.setLong(1, id));
            return found.stream().findFirst();
        });
    }

    /** One page of a keyset scan by id: records after {@code after}, optionally of one status, oldest first. */
    public List<StoredRecord> page(Optional<RecordStatus> status, long after, int limit) {
        String where = status.isPresent() ? "status = ? AND id > ?" : "id > ?";
        return read(() -> query("SELECT " + COLUMNS + " FROM records WHERE " + where + " ORDER BY id LIMIT ?", ps -> {
            int i = 1;
            if (status.isPresent()) {
                ps.setString(i++, status.get().value());
            }
            ps.setLong(i++, after);
            ps.setInt(i, limit);
        }));
    }

    /** Runs a read; when its connection was lost (a database restart), runs it once more on a new connection. */
    private static <T> T read(SqlCall<T> call) {
        try {
            return call.run();
        } catch (SQLException first) {
            if (!DatabaseFailures.isUnavailable(first)) {
                throw new DatabaseException(first);
            }
            try {
                return call.run();
            } catch (SQLException second) {
                second.addSuppressed(first);
                throw new DatabaseException(second);
            }
        }
    }

    private List<StoredRecord> query(String sql, Binder binder) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<StoredRecord> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        }
    }

    private static StoredRecord row(ResultSet rs) throws SQLException {
        return new StoredRecord(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                rs.getObject(6, OffsetDateTime.class),
                rs.getObject(7, OffsetDateTime.class));
    }

    private interface SqlCall<T> {
        T run() throws SQLException;
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }
}
