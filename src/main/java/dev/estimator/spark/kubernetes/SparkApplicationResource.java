package dev.estimator.spark.kubernetes;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The Spark operator's {@code SparkApplication} ({@code sparkoperator.k8s.io/v1beta2}), as far as this service
 * writes and reads it. Field names are the operator's; unknown fields of its status are ignored, so a newer
 * operator that adds some does not break reading.
 */
@Group("sparkoperator.k8s.io")
@Version("v1beta2")
@Kind("SparkApplication")
@Plural("sparkapplications")
public class SparkApplicationResource
        extends CustomResource<SparkApplicationResource.Spec, SparkApplicationResource.Status> implements Namespaced {

    // No defaults: a spec is always built whole, and a status is the operator's to write.
    @Override
    protected Spec initSpec() {
        return null;
    }

    @Override
    protected Status initStatus() {
        return null;
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Spec(String type, String mode, String sparkVersion, String image, String imagePullPolicy,
            List<String> imagePullSecrets, String mainClass, String mainApplicationFile, List<String> arguments,
            Map<String, String> sparkConf, RestartPolicy restartPolicy, Long timeToLiveSeconds, Driver driver,
            Executor executor) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RestartPolicy(String type) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Driver(Integer cores, String memory, String serviceAccount, String javaOptions,
            Map<String, String> labels, List<EnvVar> env) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Executor(Integer instances, Integer cores, String memory, String image, String javaOptions,
            Map<String, String> labels, List<EnvVar> env) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Status(ApplicationState applicationState, DriverInfo driverInfo, String sparkApplicationId,
            Integer executionAttempts) {
    }

    /** {@code state} is empty for an application the operator has not picked up yet. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ApplicationState(String state, String errorMessage) {
    }

    /** The UI's in-cluster address ({@code host:port}) and, when the operator made an Ingress for it, its address. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DriverInfo(String podName, String webUIServiceName, String webUIAddress, Integer webUIPort,
            String webUIIngressAddress) {
    }
}
