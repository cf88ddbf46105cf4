package dev.onebinary.domain.records;

import dev.onebinary.domain.DatabaseException;
import dev.onebinary.tasks.Shard;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The queries of the records' maintenance tasks: keyset selections over the {@code (status, id)} index, and the
 * changes to one batch. Called inside the task framework's transactions, whose connection the pool hands back here.
 */
@ApplicationScoped
public class RecordMaintenance {

    private final AgroalDataSource dataSource;

    RecordMaintenance(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Ids of invalid records after {@code after} in the shard, optionally only those whose error contains a text. */
    public List<Long> invalidIdsAfter(long after, int limit, Shard shard, Optional<String> errorContains) {
        return ids(
                "SELECT id FROM records WHERE status = 'invalid' AND id > ? AND " + shard.sql("id")
                        + errorFilter(errorContains) + " ORDER BY id LIMIT ?",
                after,
                errorContains,
                null,
                limit);
    }

    public long countInvalidAfter(long after, Shard shard, Optional<String> errorContains) {
        return count(
                "SELECT count(*) FROM records WHERE status = 'invalid' AND id > ? AND " + shard.sql("id")
                        + errorFilter(errorContains),
                after,
                errorContains,
                null);
    }

    /** Sends these records back to the worker: pending, error cleared. Only those still invalid change. */
    public int markPending(List<Long> ids) {
        return update(
                "UPDATE records SET status = 'pending', error = NULL, updated_at = now()"
                        + " WHERE id = ANY(?) AND status = 'invalid'",
                ids,
                null);
    }

    /** Ids of processed records last updated before {@code cutoff}, after {@code after}, in the shard. */
    public List<Long> processedIdsBefore(OffsetDateTime cutoff, long after, int limit, Shard shard) {
        return ids(
                "SELECT id FROM records WHERE status = 'processed' AND id > ? AND " + shard.sql("id")
                        + " AND updated_at < ? ORDER BY id LIMIT ?",
                after,
                Optional.empty(),
                cutoff,
                limit);
    }

    public long countProcessedBefore(OffsetDateTime cutoff, long after, Shard shard) {
        return count(
                "SELECT count(*) FROM records WHERE status = 'processed' AND id > ? AND " + shard.sql("id")
                        + " AND updated_at < ?",
                after,
                Optional.empty(),
                cutoff);
    }

    /** Deletes these records if they are still processed and older than the cutoff. */
    public int deleteProcessed(List<Long> ids, OffsetDateTime cutoff) {
        return update("DELETE FROM records WHERE id = ANY(?) AND status = 'processed' AND updated_at < ?", ids, cutoff);
    }

    private static String errorFilter(Optional<String> errorContains) {
        return errorContains.isPresent() ? " AND strpos(error, ?) > 0" : "";
    }

    private List<Long> ids(String sql, long after, Optional<String> text, OffsetDateTime cutoff, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bind(ps, after, text, cutoff);
            ps.setInt(i, limit);
            List<Long> ids = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private long count(String sql, long after, Optional<String> text, OffsetDateTime cutoff) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, after, text, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private static int bind(PreparedStatement ps, long after, Optional<String> text, OffsetDateTime cutoff)
            throws SQLException {
        int i = 1;
        ps.setLong(i++, after);
        if (text.isPresent()) {
            ps.setString(i++, text.get());
        }
        if (cutoff != null) {
            ps.setObject(i++, cutoff);
        }
        return i;
    }

    private int update(String sql, List<Long> ids, OffsetDateTime cutoff) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            ps.setArray(1, array);
            if (cutoff != null) {
                ps.setObject(2, cutoff);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
