package dev.onebinary.web.ui;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one HTTP Basic login of the admin pages: APP_UI_USER and APP_UI_PASSWORD from the environment (a Kubernetes
 * Secret), checked in constant time. Quarkus' own Basic mechanism reads the header and sends the challenge; this only
 * says whether the pair is right. Without a configured pair every Basic login fails (OIDC may still let one in).
 */
@ApplicationScoped
class BasicLogin implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    static final String ROLE = "admin-pages";

    private final UiConfig config;

    BasicLogin(UiConfig config) {
        this.config = config;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        String user = request.getUsername();
        String password = new String(request.getPassword().getPassword());
        if (!matches(user, password)) {
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(user))
                        .addRole(ROLE)
                        .build());
    }

    /** Both compared whole, in time that does not depend on where they differ. */
    boolean matches(String user, String password) {
        if (config.user().isEmpty() || config.password().isEmpty()) {
            return false;
        }
        boolean userMatches = sameDigest(user, config.user().get());
        boolean passwordMatches = sameDigest(password, config.password().get());
        return userMatches & passwordMatches && !config.password().get().isBlank();
    }

    private static boolean sameDigest(String given, String expected) {
        return MessageDigest.isEqual(sha256(given), sha256(expected));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
