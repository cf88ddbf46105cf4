package dev.onebinary.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The part of kustomize that docker/kubernetes and deploy.sh use, to render them where no kustomize binary is
 * installed: {@code resources} (files and directories), {@code images}, {@code labels} (never on selectors) and
 * {@code namePrefix}/{@code nameSuffix}. A kustomization that uses anything else fails the render, so this cannot
 * silently fall behind the manifests; where kubectl is installed, ManifestsTest compares it with the real thing.
 */
final class Kustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Set<String> FIELDS =
            Set.of("apiVersion", "kind", "resources", "images", "labels", "namePrefix", "nameSuffix");

    private Kustomize() {}

    /** The objects {@code kubectl kustomize dir} prints, in the order of the resources. */
    static List<ObjectNode> build(Path dir) {
        JsonNode k = read(dir.resolve("kustomization.yaml")).getFirst();
        k.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(dir + ": kustomization field '" + field + "' is not rendered by"
                        + " this subset; extend Kustomize or use what it renders");
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(build(path));
            } else {
                read(path).forEach(doc -> objects.add((ObjectNode) doc));
            }
        }
        String prefix = k.path("namePrefix").asText("");
        String suffix = k.path("nameSuffix").asText("");
        for (ObjectNode o : objects) {
            if (!prefix.isEmpty() || !suffix.isEmpty()) {
                // kustomize also renames references to renamed objects; the subset only renames what nothing refers to.
                if (!o.path("kind").asText().equals("Job")) {
                    throw new IllegalArgumentException(dir + ": the subset renames Jobs only, not " + o.get("kind"));
                }
                ObjectNode metadata = (ObjectNode) o.get("metadata");
                metadata.put("name", prefix + metadata.get("name").asText() + suffix);
            }
            for (JsonNode label : k.path("labels")) {
                if (label.path("includeSelectors").asBoolean(false)) {
                    throw new IllegalArgumentException(dir + ": labels on selectors would make them differ between"
                            + " releases, and a selector cannot change");
                }
                addLabels(
                        o,
                        (ObjectNode) label.get("pairs"),
                        label.path("includeTemplates").asBoolean(false));
            }
            for (JsonNode image : k.path("images")) {
                for (ObjectNode container : containers(o)) {
                    container.put("image", replaceImage(container.get("image").asText(), image));
                }
            }
        }
        return objects;
    }

    private static void addLabels(ObjectNode o, ObjectNode pairs, boolean templates) {
        labels(o).setAll(pairs);
        if (templates) {
            switch (o.path("kind").asText()) {
                case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
                    labels(o.withObjectProperty("spec").withObjectProperty("template"))
                            .setAll(pairs);
                case "CronJob" -> {
                    ObjectNode jobTemplate = o.withObjectProperty("spec").withObjectProperty("jobTemplate");
                    labels(jobTemplate).setAll(pairs);
                    labels(jobTemplate.withObjectProperty("spec").withObjectProperty("template"))
                            .setAll(pairs);
                }
                default -> {}
            }
        }
    }

    private static ObjectNode labels(ObjectNode o) {
        return o.withObjectProperty("metadata").withObjectProperty("labels");
    }

    /** The containers and init containers of an object's pod spec, if it has one. */
    static List<ObjectNode> containers(JsonNode o) {
        List<ObjectNode> containers = new ArrayList<>();
        JsonNode podSpec = podSpec(o);
        if (podSpec != null) {
            for (String list : List.of("initContainers", "containers")) {
                podSpec.path(list).forEach(c -> containers.add((ObjectNode) c));
            }
        }
        return containers;
    }

    /** The pod spec of a Pod, a workload's template, or a CronJob's job template; null for other kinds. */
    static JsonNode podSpec(JsonNode o) {
        return switch (o.path("kind").asText()) {
            case "Pod" -> o.get("spec");
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
                o.path("spec").path("template").get("spec");
            case "CronJob" ->
                o.path("spec").path("jobTemplate").path("spec").path("template").get("spec");
            default -> null;
        };
    }

    /** name[:tag][@digest] with images' newName, newTag and digest applied when the name matches. */
    private static String replaceImage(String ref, JsonNode image) {
        String digest = ref.contains("@") ? ref.substring(ref.indexOf('@')) : "";
        String nameAndTag = ref.contains("@") ? ref.substring(0, ref.indexOf('@')) : ref;
        int colon = nameAndTag.lastIndexOf(':');
        boolean hasTag = colon > nameAndTag.lastIndexOf('/');
        String name = hasTag ? nameAndTag.substring(0, colon) : nameAndTag;
        String tag = hasTag ? nameAndTag.substring(colon) : "";
        if (!name.equals(image.path("name").asText())) {
            return ref;
        }
        name = image.path("newName").asText(name);
        if (image.has("newTag")) {
            tag = ":" + image.get("newTag").asText();
        }
        if (image.has("digest")) {
            return name + "@" + image.get("digest").asText();
        }
        return name + tag + digest;
    }

    /** Every document with a kind in a YAML file (one or several, separated by ---). */
    static List<JsonNode> read(Path file) {
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(doc -> {
                if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
                    docs.add(doc);
                }
            });
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML text. */
    static List<JsonNode> parse(String yaml) {
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            List<JsonNode> docs = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(doc -> {
                if (doc != null && doc.has("kind")) {
                    docs.add(doc);
                }
            });
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
