package dev.onebinary.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.domain.records.RecordsConfig;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first handler of every HTTP request, before Quarkus' own body limit and before any resource: refuses an HTTP
 * version it does not speak, and reads the body itself, up to the limit of the path ({@code app.records.max-body-size}
 * under /records, {@code quarkus.http.limits.max-body-size} elsewhere), whether it comes with a Content-Length or
 * chunked. A body over the limit gets a 413 problem at once (Quarkus would answer an empty 413). It also answers, as
 * problems, the failures the router itself raises (a bad path, a missing Host header).
 */
@ApplicationScoped
class RequestGate {

    /** How long a refused upload may go on being read (and dropped) so the client sees the 413, not a reset. */
    private static final long LINGER_MILLIS = 5_000;

    private final RecordsConfig records;
    private final long serverLimit;
    private final ObjectMapper mapper;
    private final Vertx vertx;

    RequestGate(
            RecordsConfig records,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> serverLimit,
            ObjectMapper mapper,
            Vertx vertx) {
        this.records = records;
        this.serverLimit = serverLimit.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.mapper = mapper;
        this.vertx = vertx;
    }

    void install(@Observes Router router) {
        router.route()
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(this::handle)
                .failureHandler(this::failure);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.version() == null) {
            refuse(ctx, 400, "this HTTP version is not supported; this server speaks HTTP/1.0, HTTP/1.1 and HTTP/2");
            return;
        }
        long limit = limitFor(ctx.normalizedPath());
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared = -1;
        if (length != null) {
            // The HTTP codec has already refused a Content-Length that is not a number.
            if (!length.strip().matches("[0-9]{1,18}")) {
                refuse(ctx, 400, "bad Content-Length");
                return;
            }
            declared = Long.parseLong(length.strip());
            if (declared > limit) {
                refuse(ctx, 413, tooLarge(limit));
                return;
            }
        }
        if (request.isEnded() || (length == null && !isChunked(request)) || "0".equals(length)) {
            ctx.next();
            return;
        }
        readBody(ctx, limit, declared);
    }

    /** Reads the body up to the limit; {@code declared} is its Content-Length, or -1 when it has none. */
    private void readBody(RoutingContext ctx, long limit, long declared) {
        HttpServerRequest request = ctx.request();
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        boolean[] passed = {false};
        // On HTTP/2 (h2c, also after an "Upgrade: h2c" from Java's HttpClient or curl --http2) the REST layer pauses
        // the request when it starts, and pausing an HTTP/2 request that has ended throws. So once the declared length
        // has arrived the request goes on before its end is read; HTTP/1 requests go on at their end, as before.
        long passAt = request.version() == HttpVersion.HTTP_2 ? declared : -1;
        request.handler(chunk -> {
            if (refused[0] || passed[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > limit) {
                refused[0] = true;
                refuse(ctx, 413, tooLarge(limit));
                return;
            }
            body.appendBuffer(chunk);
            if (body.length() == passAt) {
                passed[0] = true;
                ctx.setBody(body);
                ctx.next();
            }
        });
        request.endHandler(ended -> {
            if (!refused[0] && !passed[0]) {
                passed[0] = true;
                ctx.setBody(body);
                ctx.next();
            }
        });
        request.exceptionHandler(e -> Log.debugf("request body of %s broke off: %s", ctx.normalizedPath(), e));
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
    }

    /** Failures raised by the router or a handler outside the REST layer (which maps its own). */
    private void failure(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        Throwable failure = ctx.failure();
        if (failure instanceof io.quarkus.security.AuthenticationException
                || failure instanceof io.quarkus.security.UnauthorizedException
                || failure instanceof io.quarkus.security.ForbiddenException) {
            // Quarkus' security answers these itself: 401 with the mechanism's challenge, or 403.
            ctx.next();
            return;
        }
        int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        if (status >= 500) {
            String reference = UUID.randomUUID().toString();
            Log.errorf(failure, "unexpected error on %s (reference %s)", ctx.normalizedPath(), reference);
            respond(ctx, 500, "unexpected error; reference " + reference, false);
            return;
        }
        String detail = failure instanceof VertxException && failure.getMessage() != null
                ? failure.getMessage()
                : "the request cannot be served as sent";
        respond(ctx, status, detail, false);
    }

    /**
     * Answers with a problem and closes the HTTP/1 connection once the client has had it (an HTTP/2 connection carries
     * other requests: only this stream ends).
     */
    private void refuse(RoutingContext ctx, int status, String detail) {
        HttpServerRequest request = ctx.request();
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        Future<Void> sent = respond(ctx, status, detail, http1);
        if (!http1) {
            return;
        }
        if (request.isEnded()) {
            sent.onComplete(done -> request.connection().close());
            return;
        }
        // Drop the rest of the body, then close: closing with unread bytes would reset the connection and the client
        // could lose the answer.
        request.handler(dropped -> {});
        request.endHandler(ended -> request.connection().close());
        request.exceptionHandler(e -> {});
        request.resume();
        vertx.setTimer(LINGER_MILLIS, t -> request.connection().close());
    }

    private Future<Void> respond(RoutingContext ctx, int status, String detail, boolean close) {
        String title = HttpResponseStatus.valueOf(status).reasonPhrase();
        HttpServerResponse response = ctx.response();
        String path = ctx.normalizedPath();
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(new Problem("about:blank", title, status, detail, path));
        } catch (JsonProcessingException e) {
            json = ("{\"type\":\"about:blank\",\"status\":" + status + "}").getBytes();
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        return response.end(Buffer.buffer(json));
    }

    private long limitFor(String path) {
        boolean recordsApi = path != null && (path.equals("/records") || path.startsWith("/records/"));
        return recordsApi ? records.maxBodySize().asLongValue() : serverLimit;
    }

    private static boolean isChunked(HttpServerRequest request) {
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }

    private static String tooLarge(long limit) {
        return "the body is larger than " + limit + " bytes";
    }
}
