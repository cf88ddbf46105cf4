package dev.onebinary.platform;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Offers {@code DATABASE_URL} as the datasource settings, above application.properties (250) and below the environment
 * (300), so an explicit {@code QUARKUS_DATASOURCE_*} variable wins. Read at run time, never baked into a native image.
 */
public final class DatabaseUrlConfigSource implements ConfigSource {

    public static final String NAME = "DatabaseUrlConfigSource[env DATABASE_URL]";
    static final int ORDINAL = 275;

    private final Map<String, String> properties;

    public DatabaseUrlConfigSource() {
        this(System.getenv(DatabaseUrl.ENV));
    }

    DatabaseUrlConfigSource(String value) {
        Map<String, String> p = new HashMap<>();
        if (value != null && !value.isBlank()) {
            try {
                DatabaseUrl url = DatabaseUrl.parse(value);
                p.put("quarkus.datasource.jdbc.url", url.jdbcUrl());
                if (url.username() != null) {
                    p.put("quarkus.datasource.username", url.username());
                }
                if (url.password() != null) {
                    p.put("quarkus.datasource.password", url.password());
                }
            } catch (IllegalArgumentException e) {
                // Reported as one line with exit code 3 by Main before Quarkus boots; offer nothing here.
            }
        }
        properties = Map.copyOf(p);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
