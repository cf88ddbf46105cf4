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
 * round trip, a third of a request's cost under load): after a database restart, such a connection fails on its first
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
        return read("SELECT " + COLUMNS + " FROM records WHERE id = ?", ps -> ps.setLong(1, id)).stream()
                .findFirst();
    }

    /** One page of a keyset scan by id: records after {@code after}, optionally of one status, oldest first. */
    public List<StoredRecord> page(Optional<RecordStatus> status, long after, int limit) {
        String where = status.isPresent() ? "status = ? AND id > ?" : "id > ?";
        return read("SELECT " + COLUMNS + " FROM records WHERE " + where + " ORDER BY id LIMIT ?", ps -> {
            int i = 1;
            if (status.isPresent()) {
                ps.setString(i++, status.get().value());
            }
            ps.setLong(i++, after);
            ps.setInt(i, limit);
        });
    }

    /**
     * Runs a read. When the statement finds its connection lost, runs it again on another connection, at most the
     * pool's size plus one tries in all (each lost connection leaves the pool as it fails); when no connection can be
     * had (the database refuses, times out, or the pool has none free in time), tries once more, as before.
     */
    private List<StoredRecord> read(String sql, Binder binder) {
        int tries = dataSource.getConfiguration().connectionPoolConfiguration().maxSize() + 1;
        boolean connectRetried = false;
        SQLException failure = null;
        for (int attempt = 1; ; attempt++) {
            Connection c;
            try {
                c = dataSource.getConnection();
            } catch (SQLException e) {
                failure = chained(e, failure);
                if (DatabaseFailures.isUnavailable(e) && !connectRetried && attempt < tries) {
                    connectRetried = true;
                    continue;
                }
                throw new DatabaseException(failure);
            }
            try (c) {
                return query(c, sql, binder);
            } catch (SQLException e) {
                failure = chained(e, failure);
                boolean again =
                        DatabaseFailures.isLostConnection(e) || (DatabaseFailures.isUnavailable(e) && attempt == 1);
                if (!again || attempt >= tries) {
                    throw new DatabaseException(failure);
                }
            }
        }
    }

    private static SQLException chained(SQLException latest, SQLException earlier) {
        if (earlier != null) {
            latest.addSuppressed(earlier);
        }
        return latest;
    }

    private static List<StoredRecord> query(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
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

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }
}
