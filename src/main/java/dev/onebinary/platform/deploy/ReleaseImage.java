package dev.onebinary.platform.deploy;

import dev.onebinary.platform.Release;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The container image of this release, for the pods {@code app job} prints: {@code APP_IMAGE} when set (a full
 * reference, a digest if you deploy by digest); else {@code APP_IMAGE_REPOSITORY} (set by docker/kubernetes'
 * ConfigMap, the same in every release) tagged with this build's version, which is how images are tagged (README
 * "Containers"). The version is baked into the binary at build time, so a pod of release B prints B's image.
 */
public final class ReleaseImage {

    public static final String ENV = "APP_IMAGE";
    public static final String REPOSITORY_ENV = "APP_IMAGE_REPOSITORY";

    private ReleaseImage() {}

    /** The image, or empty when neither variable is set (or the build does not know its version). */
    public static Optional<String> resolve(UnaryOperator<String> env, Release release) {
        String image = env.apply(ENV);
        if (image != null && !image.isBlank()) {
            return Optional.of(image.strip());
        }
        String repository = env.apply(REPOSITORY_ENV);
        if (repository != null && !repository.isBlank() && !release.version().equals("unknown")) {
            return Optional.of(repository.strip() + ":" + release.version());
        }
        return Optional.empty();
    }
}
