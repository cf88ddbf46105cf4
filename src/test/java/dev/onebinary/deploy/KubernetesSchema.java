package dev.onebinary.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;

/**
 * Checks an object against the Kubernetes API's own types (the fabric8 model, generated from the API's OpenAPI
 * schema, test scope only): a misspelled or misplaced field, or a value of the wrong type, fails, where a cluster
 * would refuse or silently drop it. The model's catch-all for unknown fields is switched off for this.
 */
final class KubernetesSchema {

    private static final Map<String, Class<?>> TYPES = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "v1/Pod", Pod.class,
            "apps/v1/Deployment", Deployment.class,
            "batch/v1/Job", Job.class,
            "batch/v1/CronJob", CronJob.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }
            })
            .build();

    private KubernetesSchema() {}

    /** Fails with the path of the first field the API does not have, or of a value of the wrong type. */
    static void validate(String where, JsonNode object) {
        String type =
                object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        Class<?> model = TYPES.get(type);
        if (model == null) {
            throw new AssertionError(where + ": no schema here for " + type + "; add its model class");
        }
        try {
            STRICT.treeToValue(object, model);
        } catch (Exception e) {
            throw new AssertionError(where + " is not a valid " + type + ": " + e.getMessage(), e);
        }
    }
}
