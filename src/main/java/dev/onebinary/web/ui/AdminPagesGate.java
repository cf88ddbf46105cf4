package dev.onebinary.web.ui;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What stands in front of every response under /admin: a 404 while the pages are off (so they do not exist, not even
 * their assets, and nothing is asked for a login), the security headers of a read-only page once they are on; and the
 * web process refuses to start with the pages on and no login configured. Runs before Quarkus' own security filters,
 * which then require a login for /admin (application.properties, "Admin pages").
 */
@ApplicationScoped
class AdminPagesGate {

    /** Only our own scripts, styles and requests: no inline script or style, no frame, no form to elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /** Before CORS (300) and authentication (200), so a disabled page never asks for a login. */
    private static final int BEFORE_SECURITY = 1000;

    private final UiConfig config;

    AdminPagesGate(UiConfig config) {
        this.config = config;
    }

    void install(@Observes Filters filters) {
        filters.register(this::filter, BEFORE_SECURITY);
    }

    private void filter(RoutingContext context) {
        String path = context.normalizedPath();
        if (!path.equals(AdminPages.ROOT) && !path.startsWith(AdminPages.ROOT + "/")) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response();
        if (!config.enabled()) {
            response.setStatusCode(404).end();
            return;
        }
        response.headers()
                .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer")
                .set("Cross-Origin-Opener-Policy", "same-origin")
                .set(HttpHeaders.CACHE_CONTROL, "no-store");
        context.next();
    }

    /**
     * The web process with the pages on needs a login configured: HTTP Basic (APP_UI_USER and APP_UI_PASSWORD) or OIDC.
     * Other processes share the configuration but serve no pages, so they start whatever it says.
     */
    void refuseToServeWithoutLogin(@Observes StartupEvent started) {
        Config all = ConfigProvider.getConfig();
        boolean web = all.getOptionalValue("app.process", String.class)
                .map("web"::equals)
                .orElse(true);
        if (!web || !config.enabled()) {
            return;
        }
        boolean user = config.user().filter(u -> !u.isBlank()).isPresent();
        boolean password = config.password().filter(p -> !p.isBlank()).isPresent();
        if (user != password) {
            throw new ConfigurationException("the admin pages need both APP_UI_USER and APP_UI_PASSWORD; "
                    + (user ? "APP_UI_PASSWORD" : "APP_UI_USER") + " is not set");
        }
        if (!user && !oidc(all)) {
            throw new ConfigurationException("the admin pages are enabled (APP_UI_ENABLED) but no login is configured:"
                    + " set APP_UI_USER and APP_UI_PASSWORD, or OIDC (QUARKUS_OIDC_TENANT_ENABLED=true and"
                    + " QUARKUS_OIDC_AUTH_SERVER_URL)");
        }
    }

    /** OIDC is configured: its default tenant is on and names its identity provider. */
    static boolean oidc(Config all) {
        return all.getOptionalValue("quarkus.oidc.tenant-enabled", Boolean.class)
                        .orElse(false)
                && all.getOptionalValue("quarkus.oidc.auth-server-url", String.class)
                        .filter(u -> !u.isBlank())
                        .isPresent();
    }
}
