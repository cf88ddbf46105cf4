package dev.onebinary.domain.migration;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The release's migrations plus scripts from directories named at run time ({@code app.migrate.extra-locations}).
 * Quarkus lists the release's migrations at build time ({@code quarkus.flyway.locations} is fixed in the binary), so
 * this is how a test hands the packaged application one more migration without building a second artifact.
 */
final class ExtraLocations implements ResourceProvider {

    private final ResourceProvider release;
    private final List<FileResource> extra;

    ExtraLocations(ResourceProvider release, List<String> directories) {
        this.release = release;
        this.extra = directories.stream()
                .map(d -> Path.of(d.replaceFirst("^filesystem:", "")))
                .flatMap(ExtraLocations::scripts)
                .toList();
    }

    @Override
    public LoadableResource getResource(String name) {
        LoadableResource own = release == null ? null : release.getResource(name);
        return own != null
                ? own
                : extra.stream()
                        .filter(r -> r.getRelativePath().equals(name))
                        .findFirst()
                        .orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String... suffixes) {
        List<LoadableResource> all =
                new ArrayList<>(release == null ? List.of() : release.getResources(prefix, suffixes));
        extra.stream()
                .filter(r -> r.getFilename().startsWith(prefix)
                        && Arrays.stream(suffixes).anyMatch(r.getFilename()::endsWith))
                .forEach(all::add);
        return all;
    }

    private static Stream<FileResource> scripts(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("app.migrate.extra-locations: " + directory + " is not a directory");
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).sorted().map(FileResource::new).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A script file; its relative path (the script name Flyway records) is its absolute path. */
    private static final class FileResource extends LoadableResource {
        private final Path path;

        FileResource(Path path) {
            this.path = path.toAbsolutePath().normalize();
        }

        @Override
        public Reader read() {
            try {
                return Files.newBufferedReader(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return path.toString();
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return path.toString();
        }

        @Override
        public String getFilename() {
            return path.getFileName().toString();
        }

        @Override
        public String getRelativePath() {
            return path.toString();
        }
    }
}
