package dev.onebinary.web;

import dev.onebinary.domain.records.RecordEntity;
import java.time.OffsetDateTime;
import java.util.Map;

/** A record as the API shows it. */
public record RecordView(
        long id,
        String status,
        Map<String, Object> payload,
        String error,
        int attempts,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static RecordView of(RecordEntity r) {
        return new RecordView(r.id, r.status, r.payload, r.error, r.attempts, r.createdAt, r.updatedAt);
    }
}
