package dev.onebinary.domain.records;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits of the records API ({@code app.records.*}), all checked by the web process before the database sees a value.
 */
@ConfigMapping(prefix = "app.records")
public interface RecordsConfig {

    /** The largest request body POST /records accepts; larger ones get 413, chunked or not. */
    @WithDefault("64K")
    MemorySize maxBodySize();

    /** How deep arrays and objects may nest inside a payload; the payload object itself is level 1. */
    @WithDefault("32")
    int maxDepth();

    /** The longest string value of a payload, in characters (Unicode code points). */
    @WithDefault("10000")
    int maxStringLength();

    /** The longest object key of a payload, in characters (Unicode code points). */
    @WithDefault("200")
    int maxKeyLength();

    /** The most digits a payload number may have, as sent and written out ({@code 1e400} has 401). */
    @WithDefault("100")
    int maxNumberDigits();

    /** Page size of GET /records when the request gives none. */
    @WithDefault("50")
    int defaultPageSize();

    /** The largest page GET /records returns. */
    @WithDefault("500")
    int maxPageSize();

    /** The payload limits, for {@link RecordBody}: the same for POST /records and import-records. */
    default RecordBody.Limits payloadLimits() {
        return new RecordBody.Limits(maxDepth(), maxKeyLength(), maxStringLength(), maxNumberDigits());
    }
}
