package dev.onebinary.web;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/** How the web process names itself to clients ({@code app.http.*}). */
@ConfigMapping(prefix = "app.http")
public interface HttpConfig {

    /**
     * The public base URL of the API (https://api.example.com), used for {@code Location} headers. Unset, they are
     * relative ({@code /records/42}): the request's {@code Host} header is never trusted for them.
     */
    Optional<URI> baseUrl();
}
