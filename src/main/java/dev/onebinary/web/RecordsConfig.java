package dev.onebinary.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the records API ({@code app.records.*}). */
@ConfigMapping(prefix = "app.records")
public interface RecordsConfig {

    /** The largest request body POST /records accepts; larger ones get 413. */
    @WithDefault("64K")
    MemorySize maxBodySize();

    /** Page size of GET /records when the request gives none. */
    @WithDefault("50")
    int defaultPageSize();

    /** The largest page GET /records returns. */
    @WithDefault("500")
    int maxPageSize();
}
