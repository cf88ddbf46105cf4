package dev.onebinary.web;

import dev.onebinary.domain.formation.Formation;
import dev.onebinary.platform.Release;
import io.quarkus.logging.Log;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /release}: which release this web process runs (the same fields as {@code app version --json}), and the
 * formation: the web and worker processes registered against this database, by type and release, running or gone.
 */
@Path("/release")
public class ReleaseResource {

    private final Formation formation;

    ReleaseResource(Formation formation) {
        this.formation = formation;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> release() {
        Map<String, Object> body = new LinkedHashMap<>(Release.current().asMap());
        body.put("formation", formation());
        return body;
    }

    /** Null when the database cannot say (unreachable, or no formation table yet): the release still answers. */
    private List<Formation.Group> formation() {
        try {
            return formation.members().map(Formation::groups).orElse(null);
        } catch (RuntimeException e) {
            Log.debugf(e, "GET /release without the formation");
            return null;
        }
    }
}
