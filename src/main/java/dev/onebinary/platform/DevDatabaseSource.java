package dev.onebinary.platform;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Dev mode ({@code ./mvnw quarkus:dev}) with no datasource configured and no Docker or Podman to run Quarkus Dev
 * Services: offers the datasource of an {@link EmbeddedDatabase}, started once per dev-mode JVM (live reloads reuse it)
 * and stopped when dev mode exits. Offers nothing in any other profile, when a datasource is configured (DATABASE_URL,
 * QUARKUS_DATASOURCE_*, application.properties), or when a container runtime answers (then Dev Services start one);
 * {@code quarkus.datasource.devservices.enabled=false} picks the embedded server even where Docker runs.
 */
public final class DevDatabaseSource implements ConfigSourceFactory {

    public static final String NAME = "DevDatabaseSource[embedded PostgreSQL, dev mode]";
    /** Below application.properties (250): anything configured there wins, though nothing is offered then anyway. */
    static final int ORDINAL = 150;

    static final String DATABASE = "app";
    /** Where the dev-mode JVM remembers its server across live reloads (which reload this class, not the server). */
    private static final String PORT_PROPERTY = "dev.onebinary.embedded-database.port";

    private static final Logger LOG = Logger.getLogger(DevDatabaseSource.class);

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev")
                || configured(context, "quarkus.datasource.jdbc.url")
                || (devServicesEnabled(context) && containerRuntime().isPresent())
                || !EmbeddedDatabase.available()) {
            return List.of();
        }
        int port = port();
        return List.of(new PropertiesConfigSource(
                Map.of(
                        "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE,
                        "quarkus.datasource.username", EmbeddedDatabase.USER,
                        "quarkus.datasource.password", EmbeddedDatabase.PASSWORD),
                NAME,
                ORDINAL));
    }

    private static synchronized int port() {
        String known = System.getProperty(PORT_PROPERTY);
        if (known != null) {
            return Integer.parseInt(known);
        }
        EmbeddedDatabase server = EmbeddedDatabase.start(DATABASE);
        System.setProperty(PORT_PROPERTY, Integer.toString(server.port()));
        LOG.infof(
                "No datasource configured and no Docker or Podman for Dev Services: started an embedded PostgreSQL on"
                        + " %s:%d, stopped when dev mode exits. Admin commands of a packaged app reach it with"
                        + " DATABASE_URL=postgres://%s:%s@%s:%d/%s",
                server.host(),
                server.port(),
                EmbeddedDatabase.USER,
                EmbeddedDatabase.PASSWORD,
                server.host(),
                server.port(),
                DATABASE);
        return server.port();
    }

    private static boolean configured(ConfigSourceContext context, String key) {
        ConfigValue value = context.getValue(key);
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    private static boolean devServicesEnabled(ConfigSourceContext context) {
        return !"false".equalsIgnoreCase(valueOf(context, "quarkus.devservices.enabled"))
                && !"false".equalsIgnoreCase(valueOf(context, "quarkus.datasource.devservices.enabled"));
    }

    private static String valueOf(ConfigSourceContext context, String key) {
        ConfigValue value = context.getValue(key);
        return value == null ? null : value.getValue();
    }

    /**
     * A Docker or Podman engine that answers, as Dev Services would find it: {@code DOCKER_HOST}, or one of the usual
     * sockets accepting a connection. A client without an engine (this repository's CI machines) does not count.
     */
    static Optional<String> containerRuntime() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            return Optional.of("DOCKER_HOST=" + dockerHost);
        }
        String home = System.getProperty("user.home", "");
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of("/run/podman/podman.sock"),
                Path.of(home, ".docker/run/docker.sock"),
                Path.of(home, ".docker/desktop/docker.sock"),
                Path.of(home, ".rd/docker.sock"),
                Path.of(home, ".colima/default/docker.sock")));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            sockets.add(Path.of(runtimeDir, "docker.sock"));
            sockets.add(Path.of(runtimeDir, "podman/podman.sock"));
        }
        for (Path socket : sockets) {
            if (Files.exists(socket) && answers(socket)) {
                return Optional.of(socket.toString());
            }
        }
        return Optional.empty();
    }

    private static boolean answers(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
