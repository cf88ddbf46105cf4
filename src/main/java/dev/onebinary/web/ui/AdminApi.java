package dev.onebinary.web.ui;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The JSON the admin pages poll for live progress (every {@code app.ui.refresh}): what is running now, and the state
 * of one run. Read-only, behind the same login as the pages.
 */
@Path(AdminPages.ROOT + "/api")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AdminApi {

    /** One run's state: its outcome, and while it runs, its progress. */
    @RegisterForReflection
    record RunState(long id, String outcome, boolean running, LiveProgress.Live live) {}

    private final PageModels pages;
    private final LiveProgress live;

    AdminApi(PageModels pages, LiveProgress live) {
        this.pages = pages;
        this.live = live;
    }

    @GET
    @Path("live")
    public LiveProgress.Board running() {
        return pages.board();
    }

    @GET
    @Path("runs/{id}")
    public RunState run(@PathParam("id") long id) {
        Run run = pages.run(id).orElseThrow(() -> new NotFoundException("no run " + id));
        return new RunState(run.id(), run.outcome(), run.running(), run.running() ? live.of(run) : null);
    }
}
