package dev.onebinary.web;

import dev.onebinary.platform.Release;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET /release}: which release this web process runs, the same JSON as {@code app version --json}. */
@Path("/release")
public class ReleaseResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> release() {
        return Release.current().asMap();
    }
}
