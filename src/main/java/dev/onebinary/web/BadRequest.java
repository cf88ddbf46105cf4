package dev.onebinary.web;

import jakarta.ws.rs.core.Response;

/** A request the API refuses, with the status (400, 413) and the detail the client is told. */
public class BadRequest extends RuntimeException {
    private final Response.Status status;

    public BadRequest(Response.Status status, String detail) {
        super(detail);
        this.status = status;
    }

    public BadRequest(String detail) {
        this(Response.Status.BAD_REQUEST, detail);
    }

    public Response.Status status() {
        return status;
    }
}
