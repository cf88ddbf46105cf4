package dev.onebinary.web;

import dev.onebinary.domain.DatabaseException;
import dev.onebinary.platform.DatabaseFailures;
import io.quarkus.logging.Log;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of the web process into an {@code application/problem+json} response. Details come from our
 * own exceptions only; anything unexpected is logged with a reference and answered without class names or SQL.
 */
class ProblemMappers {

    /** Seconds a client should wait before trying again when the database is unreachable. */
    static final String RETRY_AFTER = "5";

    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private static final AtomicLong lastOutageLine = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private static final AtomicLong refusedSinceLine = new AtomicLong();

    @ServerExceptionMapper
    Response badRequest(BadRequest e, UriInfo uri) {
        return Problem.response(e.status(), e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    Response notFound(RecordResource.RecordNotFound e, UriInfo uri) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    Response webApplication(WebApplicationException e, UriInfo uri, Request request, HttpHeaders headers) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        int code = status.getStatusCode();
        if (code >= 500) {
            return unexpected(e, uri);
        }
        Response problem =
                Problem.response(code, status.getReasonPhrase(), detail(e, code, uri, request, headers), uri.getPath());
        if (e instanceof NotAllowedException && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            return Response.fromResponse(problem)
                    .header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW))
                    .build();
        }
        return problem;
    }

    /** The database could not be reached: 503 with Retry-After, so clients and load balancers back off. */
    @ServerExceptionMapper
    Response database(DatabaseException e, UriInfo uri) {
        if (DatabaseFailures.isUnavailable(e)) {
            logOutage(e);
            return Response.fromResponse(Problem.response(
                            Response.Status.SERVICE_UNAVAILABLE,
                            "the database is unreachable; try again shortly",
                            uri.getPath()))
                    .header("Retry-After", RETRY_AFTER)
                    .build();
        }
        if (e.getCause() instanceof SQLException sql
                && sql.getSQLState() != null
                && sql.getSQLState().startsWith("22")) {
            // A data exception: input the checks of RecordBody should have refused. Refuse it, and say so in the log.
            Log.warnf("the database refused a value the API accepted on %s: %s", uri.getPath(), firstLine(e));
            return Problem.response(
                    Response.Status.BAD_REQUEST,
                    "the database cannot store this value (SQLSTATE " + sql.getSQLState() + ")",
                    uri.getPath());
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    Response unexpected(Exception e, UriInfo uri) {
        String reference = UUID.randomUUID().toString();
        Log.errorf(e, "unexpected error on %s (reference %s)", uri.getPath(), reference);
        return Problem.response(
                500, "Internal Server Error", "unexpected error; reference " + reference, uri.getPath());
    }

    private static String detail(WebApplicationException e, int code, UriInfo uri, Request request, HttpHeaders h) {
        return switch (code) {
            case 404 -> "nothing at " + WholeNumbers.shown(uri.getPath());
            case 405 -> {
                String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
                yield "method " + WholeNumbers.shown(request.getMethod()) + " is not allowed here"
                        + (allow == null ? "" : "; allowed: " + allow);
            }
            case 406 ->
                "this resource answers application/json (problems as application/problem+json), not "
                        + WholeNumbers.shown(h.getHeaderString(HttpHeaders.ACCEPT));
            case 415 ->
                "the body must be application/json, not "
                        + WholeNumbers.shown(h.getHeaderString(HttpHeaders.CONTENT_TYPE));
            default -> "the request cannot be served as sent";
        };
    }

    /** At most one line every 10 seconds while the database is away, however many requests it fails. */
    private static void logOutage(Throwable e) {
        long refused = refusedSinceLine.incrementAndGet();
        long last = lastOutageLine.get();
        long now = System.nanoTime();
        if (now - last >= LOG_EVERY_NANOS && lastOutageLine.compareAndSet(last, now)) {
            refusedSinceLine.addAndGet(-refused);
            Log.warnf(
                    "%s; answering 503 (%d requests since the last such line)", DatabaseFailures.describe(e), refused);
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.strip().lines().findFirst().orElse("");
    }
}
