package dev.onebinary.domain.records;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The life of a record: submitted as pending, then processed or invalid (and back to pending by fix-bad-records). */
public enum RecordStatus {
    PENDING,
    PROCESSED,
    INVALID;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RecordStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.value().equals(value)).findFirst();
    }
}
