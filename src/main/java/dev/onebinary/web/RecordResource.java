package dev.onebinary.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onebinary.domain.records.RecordEntity;
import dev.onebinary.domain.records.RecordRepository;
import dev.onebinary.domain.records.RecordStatus;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The records API: clients submit records; the worker validates them; admins list the invalid ones. */
@Path("/records")
@Produces(MediaType.APPLICATION_JSON)
public class RecordResource {

    private final RecordRepository records;
    private final RecordsConfig config;
    private final ObjectMapper mapper;

    RecordResource(RecordRepository records, RecordsConfig config, ObjectMapper mapper) {
        this.records = records;
        this.config = config;
        this.mapper = mapper;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a record", description = "Body: {\"payload\": {...}}. Stored as pending.")
    public Response submit(String body, UriInfo uri) {
        long limit = config.maxBodySize().asLongValue();
        if (body == null || body.isBlank()) {
            throw new BadRequest("the body must be a JSON object with a \"payload\" object");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > limit) {
            throw new BadRequest(
                    Response.Status.REQUEST_ENTITY_TOO_LARGE, "the body is larger than " + limit + " bytes");
        }
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest(
                    "the body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")");
        }
        if (json == null || !json.isObject() || !json.path("payload").isObject()) {
            throw new BadRequest("the body must be a JSON object with a \"payload\" object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = mapper.convertValue(json.get("payload"), Map.class);
        RecordEntity stored = records.submit(payload);
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(Long.toString(stored.id))
                        .build())
                .entity(RecordView.of(stored))
                .build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One record by id")
    public RecordView get(@PathParam("id") String id) {
        long key = parseLong("id", id, 1);
        return records.byId(key).map(RecordView::of).orElseThrow(() -> new RecordNotFound(key));
    }

    @GET
    @Operation(summary = "List records by id, one page at a time (keyset pagination)")
    public RecordPage list(
            @Parameter(description = "pending, processed or invalid") @QueryParam("status") String status,
            @Parameter(description = "the cursor: only records with a larger id") @QueryParam("after") String after,
            @Parameter(description = "page size, 1 to 500 (default 50)") @QueryParam("limit") String limit) {
        Optional<RecordStatus> wanted = Optional.ofNullable(status).map(s -> RecordStatus.parse(s)
                .orElseThrow(() -> new BadRequest("status must be pending, processed or invalid, not " + s)));
        long cursor = after == null ? 0 : parseLong("after", after, 0);
        int size = limit == null ? config.defaultPageSize() : (int) parseLong("limit", limit, 1);
        if (size > config.maxPageSize()) {
            throw new BadRequest("limit must be at most " + config.maxPageSize() + ", not " + size);
        }
        List<RecordView> items =
                records.page(wanted, cursor, size).stream().map(RecordView::of).toList();
        Long next = items.size() == size ? items.getLast().id() : null;
        return new RecordPage(items, next);
    }

    private static long parseLong(String name, String value, long min) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequest(name + " must be a whole number of at least " + min + ", not " + value);
    }

    /** No record has that id. */
    static final class RecordNotFound extends RuntimeException {
        RecordNotFound(long id) {
            super("no record with id " + id);
        }
    }
}
