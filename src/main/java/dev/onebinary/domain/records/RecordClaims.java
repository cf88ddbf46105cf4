package dev.onebinary.domain.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.domain.DatabaseException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The worker's unit of work: claims a batch of pending records with {@code FOR UPDATE SKIP LOCKED}, so concurrent
 * workers never take the same record, validates each and stores the verdict, all in one short transaction. A batch
 * whose connection breaks before the commit leaves no trace: its records stay pending, for the next claim.
 */
@ApplicationScoped
public class RecordClaims {

    /** What one batch did. */
    public record Batch(int processed, int invalid) {
        public int handled() {
            return processed + invalid;
        }
    }

    private static final String CLAIM = "SELECT id, payload::text FROM records WHERE status = 'pending'"
            + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String VERDICT = "UPDATE records SET status = ?, error = ?, attempts = attempts + 1,"
            + " processed_by = ?, updated_at = now() WHERE id = ?";

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    RecordClaims(AgroalDataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    public Batch processBatch(int size, PayloadValidator validator, String worker) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement claim = c.prepareStatement(CLAIM);
                    PreparedStatement verdict = c.prepareStatement(VERDICT)) {
                claim.setInt(1, size);
                int processed = 0;
                int invalid = 0;
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        Optional<String> problem = validator.problem(parse(rs.getString(2)));
                        verdict.setString(1, problem.isEmpty() ? "processed" : "invalid");
                        verdict.setString(2, problem.orElse(null));
                        verdict.setString(3, worker);
                        verdict.setLong(4, rs.getLong(1));
                        verdict.addBatch();
                        if (problem.isEmpty()) {
                            processed++;
                        } else {
                            invalid++;
                        }
                    }
                }
                if (processed + invalid > 0) {
                    verdict.executeBatch();
                }
                c.commit();
                return new Batch(processed, invalid);
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Rolls back what the batch did; on a broken connection there is nothing to roll back (PostgreSQL did). */
    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
