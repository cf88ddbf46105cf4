package dev.onebinary.platform;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A twelve-factor {@code DATABASE_URL} ({@code postgres://user:password@host:port/db?sslmode=require}), as Heroku,
 * Render, Fly and most platforms inject it, turned into the JDBC URL, user and password Quarkus expects.
 */
public record DatabaseUrl(String jdbcUrl, String username, String password) {

    public static final String ENV = "DATABASE_URL";

    /** Parses the value; throws {@link IllegalArgumentException} with a message that never contains the password. */
    public static DatabaseUrl parse(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(ENV + " is not a URL of the form postgres://user:password@host:port/db");
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("");
        if (!scheme.equals("postgres") && !scheme.equals("postgresql")) {
            throw new IllegalArgumentException(ENV + " must start with postgres:// or postgresql://, not "
                    + (scheme.isEmpty() ? "nothing" : scheme + "://"));
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() <= 1) {
            throw new IllegalArgumentException(
                    ENV + " needs a host and a database name: postgres://user:password@host:port/db");
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() != -1) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        return new DatabaseUrl(jdbc.toString(), user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
