package dev.onebinary.platform.deploy;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How a one-off pod meets a service mesh that injects a proxy sidecar. An injected proxy that is an ordinary
 * container keeps running after the app exits, so the Job never completes (istio/istio#11045): either the pod opts
 * out of injection, or it asks for a Kubernetes native sidecar (an init container with {@code restartPolicy: Always},
 * Kubernetes 1.29+), which Kubernetes stops once the app's container has exited.
 */
public enum MeshSidecar {
    /** Opt out of injection (Istio's label, Linkerd's annotation): the pod reaches PostgreSQL directly. */
    NONE(Map.of("sidecar.istio.io/inject", "false"), Map.of("linkerd.io/inject", "disabled")),
    /** Keep the mesh (mTLS to the database through the proxy) with a native sidecar that ends with the app. */
    NATIVE(
            Map.of(),
            Map.of(
                    "sidecar.istio.io/nativeSidecar",
                    "true",
                    "config.beta.linkerd.io/proxy-enable-native-sidecar",
                    "true"));

    private final Map<String, String> labels;
    private final Map<String, String> annotations;

    MeshSidecar(Map<String, String> labels, Map<String, String> annotations) {
        this.labels = labels;
        this.annotations = annotations;
    }

    /** Labels of the pod template. */
    public Map<String, String> labels() {
        return labels;
    }

    /** Annotations of the pod template. */
    public Map<String, String> annotations() {
        return annotations;
    }

    /** {@code --sidecar none|native}. */
    public static final class Converter implements ITypeConverter<MeshSidecar> {
        @Override
        public MeshSidecar convert(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not one of none, native");
            }
        }
    }
}
