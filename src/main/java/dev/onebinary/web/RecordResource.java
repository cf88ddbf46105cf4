package dev.onebinary.web;

import dev.onebinary.domain.records.RecordBody;
import dev.onebinary.domain.records.RecordRepository;
import dev.onebinary.domain.records.RecordStatus;
import dev.onebinary.domain.records.RecordsConfig;
import dev.onebinary.domain.records.StoredRecord;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The records API: clients submit records; the worker validates them; admins list the invalid ones. */
@Path("/records")
@Produces(MediaType.APPLICATION_JSON)
public class RecordResource {

    private final RecordRepository records;
    private final RecordsConfig config;
    private final HttpConfig http;
    private final RecordBody body;

    RecordResource(RecordRepository records, RecordsConfig config, HttpConfig http) {
        this.records = records;
        this.config = config;
        this.http = http;
        this.body = new RecordBody(config.payloadLimits());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Submit a record",
            description = "Body: {\"payload\": {...}} in UTF-8, nothing else. Stored as pending, exactly as sent.")
    public Response submit(byte[] content, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type) {
        checkJsonInUtf8(type);
        long limit = config.maxBodySize().asLongValue();
        if (content != null && content.length > limit) {
            throw new BadRequest(
                    Response.Status.REQUEST_ENTITY_TOO_LARGE, "the body is larger than " + limit + " bytes");
        }
        String payload;
        try {
            payload = body.payloadJson(content);
        } catch (RecordBody.Refused refused) {
            throw new BadRequest(refused.getMessage());
        }
        StoredRecord stored = records.submit(payload);
        String path = "/records/" + stored.id();
        String location = http.baseUrl()
                .map(base -> base.toString().replaceAll("/+$", "") + path)
                .orElse(path);
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, location)
                .entity(RecordView.of(stored))
                .build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One record by id")
    public RecordView get(@PathParam("id") String id) {
        long key = WholeNumbers.parse("id", id, 1, Long.MAX_VALUE);
        return records.byId(key).map(RecordView::of).orElseThrow(() -> new RecordNotFound(key));
    }

    @GET
    @Operation(summary = "List records by id, one page at a time (keyset pagination)")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "pending, processed or invalid")
    @Parameter(name = "after", in = ParameterIn.QUERY, description = "the cursor: only records with a larger id")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "page size, 1 to 500 (default 50)")
    public RecordPage list(UriInfo uri) {
        // Read from the query itself: @QueryParam would take an empty value (limit=) for an absent one, and the first
        // of two values for the only one.
        String status = single(uri, "status");
        String after = single(uri, "after");
        String limit = single(uri, "limit");
        Optional<RecordStatus> wanted = Optional.ofNullable(status).map(s -> RecordStatus.parse(s)
                .orElseThrow(() ->
                        new BadRequest("status must be pending, processed or invalid, not " + WholeNumbers.shown(s))));
        long cursor = after == null ? 0 : WholeNumbers.parse("after", after, 0, Long.MAX_VALUE);
        int size = limit == null
                ? config.defaultPageSize()
                : (int) WholeNumbers.parse("limit", limit, 1, config.maxPageSize());
        List<RecordView> items =
                records.page(wanted, cursor, size).stream().map(RecordView::of).toList();
        Long next = items.size() == size ? items.getLast().id() : null;
        return new RecordPage(items, next);
    }

    /** The value of a query parameter given at most once, or null. */
    private static String single(UriInfo uri, String name) {
        List<String> given = uri.getQueryParameters().get(name);
        if (given == null || given.isEmpty()) {
            return null;
        }
        if (given.size() > 1) {
            throw new BadRequest(name + " is given " + given.size() + " times; give it once");
        }
        return given.getFirst();
    }

    /** The body must say it is JSON; UTF-8 is the only charset JSON has (RFC 8259), and the only one read here. */
    private static void checkJsonInUtf8(String type) {
        MediaType media;
        try {
            media = type == null ? null : MediaType.valueOf(type);
        } catch (IllegalArgumentException e) {
            media = null;
        }
        if (media == null
                || !media.getType().equalsIgnoreCase("application")
                || !media.getSubtype().equalsIgnoreCase("json")) {
            throw new BadRequest(
                    Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    "the body must be application/json, not " + WholeNumbers.shown(type));
        }
        String charset = media.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.equalsIgnoreCase(StandardCharsets.UTF_8.name())) {
            throw new BadRequest(
                    Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    "the body must be JSON in UTF-8, not charset=" + WholeNumbers.shown(charset));
        }
    }

    /** No record has that id. */
    static final class RecordNotFound extends RuntimeException {
        RecordNotFound(long id) {
            super("no record with id " + id);
        }
    }
}
