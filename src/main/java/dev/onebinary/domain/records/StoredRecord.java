package dev.onebinary.domain.records;

import java.time.OffsetDateTime;

/** A record as stored, its payload as the JSON text PostgreSQL returns (numbers exact, as jsonb keeps them). */
public record StoredRecord(
        long id,
        String status,
        String payloadJson,
        String error,
        int attempts,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
