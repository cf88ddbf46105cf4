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
 * the client sent and comes back as the text PostgreSQL keeps, so no number passes through a {@code double}.
 *
 * <p>The pool does not check a connection that was in use within the last second as it hands it out (that check is a
 * round trip, a fifth of a request's cost under load): after a database restart, such a connection fails on its first
 * statement and leaves the pool. So a read whose connection turns out lost is tried again, on another connection each
 * time, until one works (at most the pool's size plus one tries: each lost one is gone); a read that cannot connect at
 * all is tried once more. A write is not tried again (it may have been committed): it answers 503, and the client may
 * send it again.
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

    /**
     * Runs a read; when its connection was lost, runs it again on another, as long as the connections it gets are
     * lost ones; when it could not connect, runs it once more.
     */
    private <T> T read(SqlCall<T> call) {
        int lostAllowed =
                dataSource.getConfiguration().connectionPoolConfiguration().maxSize() + 1;
        SQLException failure = null;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (SQLException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
                boolean again = DatabaseFailures.isLostConnection(e)
                        ? attempt <= lostAllowed
                        : DatabaseFailures.isUnavailable(e) && attempt == 1;
                if (!again) {
                    throw new DatabaseException(e);
                }
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
