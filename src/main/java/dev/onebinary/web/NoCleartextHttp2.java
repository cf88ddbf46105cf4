package dev.onebinary.web;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;

/**
 * Plain-text HTTP/2 (h2c) off on the HTTP port: a request asking to upgrade ({@code Upgrade: h2c}, what Java's
 * HttpClient and {@code curl --http2} send by default) is answered over HTTP/1.1 as if it had not asked. With the
 * upgrade, Vert.x consumed the request's body before {@link RequestGate} could read and bound it, and the request ended
 * in a 500. HTTP/2 over TLS (ALPN) is not affected; in Kubernetes TLS ends at the ingress, which speaks HTTP/1.1 to us.
 */
@Singleton
public class NoCleartextHttp2 implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
