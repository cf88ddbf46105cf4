package dev.onebinary.web;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses a record body whose declared size is over the limit before reading it. */
class BodySizeFilter {

    private final RecordsConfig config;

    BodySizeFilter(RecordsConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    Optional<Response> tooLarge(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || !request.path().startsWith("/records")) {
            return Optional.empty();
        }
        long limit = config.maxBodySize().asLongValue();
        try {
            if (Long.parseLong(length.strip()) > limit) {
                return Optional.of(Problem.response(
                        Response.Status.REQUEST_ENTITY_TOO_LARGE,
                        "the body is larger than " + limit + " bytes",
                        request.path()));
            }
        } catch (NumberFormatException e) {
            return Optional.of(Problem.response(Response.Status.BAD_REQUEST, "bad Content-Length", request.path()));
        }
        return Optional.empty();
    }
}
