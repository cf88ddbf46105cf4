package dev.onebinary.web.ui;

import dev.onebinary.platform.DatabaseFailures;
import dev.onebinary.platform.Failures;
import dev.onebinary.web.BadRequest;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The admin pages: the runs of the ledger, one run, the schema, how to run each task. Read-only, server-side rendered
 * (Qute templates checked and compiled at build time), GET only; off unless {@code app.ui.enabled}, behind a login
 * ({@link AdminPagesGate}, application.properties "Admin pages").
 */
@Path(AdminPages.ROOT)
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class AdminPages {

    public static final String ROOT = "/admin";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance runs(PageModels.RunsPage page);

        static native TemplateInstance run(PageModels.RunPage page);

        static native TemplateInstance schema(PageModels.SchemaPage page);

        static native TemplateInstance howToRun(PageModels.HowToRunPage page);

        static native TemplateInstance problem(PageModels.ProblemPage page);
    }

    private final PageModels pages;
    private final SecurityIdentity identity;

    AdminPages(PageModels pages, SecurityIdentity identity) {
        this.pages = pages;
        this.identity = identity;
    }

    @GET
    public TemplateInstance runs(
            @QueryParam("command") String command,
            @QueryParam("outcome") String outcome,
            @QueryParam("release") String release,
            @QueryParam("since") String since,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("before") String before) {
        RunsRequest request = RunsRequest.of(command, outcome, release, since, from, to, before);
        return Templates.runs(pages.runs(request, user()));
    }

    @GET
    @Path("runs/{id}")
    public Response run(@PathParam("id") String id, @QueryParam("after") String after) {
        long runId = number("run id", id);
        int afterSeq = after == null ? 0 : (int) number("after", after);
        return pages.run(runId)
                .map(run -> Response.ok(Templates.run(pages.run(run, afterSeq, user())))
                        .build())
                .orElseGet(() -> problem(404, "No such run", "The ledger has no run " + runId + "."));
    }

    @GET
    @Path("schema")
    public TemplateInstance schema() {
        return Templates.schema(pages.schema(user()));
    }

    @GET
    @Path("how-to-run")
    public TemplateInstance howToRun() {
        return Templates.howToRun(pages.howToRun(user()));
    }

    @ServerExceptionMapper
    Response badRequest(BadRequest e) {
        return problem(e.status().getStatusCode(), "Bad request", e.getMessage());
    }

    /**
     * The database is unreachable or behind this release: say so in one line, as the command line would, and point to
     * what helps. Anything else is logged with a reference; the page shows the reference, never a class name or SQL.
     */
    @ServerExceptionMapper
    Response failure(RuntimeException e) {
        if (DatabaseFailures.isUnavailable(e)) {
            return problem(503, "Database unreachable", DatabaseFailures.describe(e));
        }
        if (schemaBehind(e)) {
            return problem(
                    503,
                    "Schema behind this release",
                    "The ledger's tables are not those of this release yet (" + Failures.oneLine(e)
                            + "). Run `app migrate`; the Schema page lists what is pending.");
        }
        String reference = UUID.randomUUID().toString();
        Log.errorf(e, "admin pages: unexpected error (reference %s)", reference);
        return problem(500, "Unexpected error", "Reference " + reference + " in the web process' log.");
    }

    private Response problem(int status, String title, String detail) {
        PageModels.ProblemPage page =
                new PageModels.ProblemPage(pages.header(title, "", user()), status, title, detail);
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.problem(page).render())
                .build();
    }

    private static boolean schemaBehind(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException sql
                    && (RunQueries.UNDEFINED_TABLE.equals(sql.getSQLState())
                            || RunQueries.UNDEFINED_COLUMN.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private String user() {
        return identity.isAnonymous() ? "" : identity.getPrincipal().getName();
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a whole number, not " + value);
        }
    }
}
