package dev.onebinary.web;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.onebinary.domain.records.StoredRecord;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A record as the API shows it; the payload is the stored JSON as PostgreSQL returns it, numbers exact. */
public record RecordView(
        long id,
        String status,

        @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "the payload as submitted")
        String payload,

        String error,
        int attempts,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static RecordView of(StoredRecord r) {
        return new RecordView(
                r.id(), r.status(), r.payloadJson(), r.error(), r.attempts(), r.createdAt(), r.updatedAt());
    }
}
