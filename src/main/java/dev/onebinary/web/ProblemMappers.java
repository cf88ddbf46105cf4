package dev.onebinary.web;

import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of the web process into an {@code application/problem+json} response. Details come from our
 * own exceptions only; anything unexpected is logged with a reference and answered without class names or SQL.
 */
class ProblemMappers {

    @ServerExceptionMapper
    Response badRequest(BadRequest e, UriInfo uri) {
        return Problem.response(e.status(), e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    Response notFound(RecordResource.RecordNotFound e, UriInfo uri) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    Response webApplication(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Problem.response(status.getStatusCode(), status.getReasonPhrase(), null, uri.getPath());
    }

    @ServerExceptionMapper
    Response unexpected(Exception e, UriInfo uri) {
        String reference = UUID.randomUUID().toString();
        Log.errorf(e, "unexpected error on %s (reference %s)", uri.getPath(), reference);
        return Problem.response(
                500, "Internal Server Error", "unexpected error; reference " + reference, uri.getPath());
    }
}
