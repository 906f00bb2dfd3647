package dev.estimator.spark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.estimator.spark.SparkApplication;
import dev.estimator.spark.SparkApplicationState;
import dev.estimator.spark.SparkLaunch;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The kubernetes launcher against fabric8's Kubernetes API server in CRUD mode, which knows the Spark operator's
 * CRD (namespaced, status as a subresource, as the operator installs it): the resource a launch creates, read
 * back as raw JSON the way the operator reads it; the operator's states and UI addresses, written to the status
 * as the operator writes them; an application found by a second client and launcher as after a restart of the
 * service; stop deleting it. The operator itself is not there: what it does with the resource is its own.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesSparkLauncherTest {

    static final String NAMESPACE = "spark-jobs";
    static final String DB_URL = "jdbc:postgresql://db.example.com:5432/estimator";

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void installTheOperatorsCrd() {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("sparkapplications.sparkoperator.k8s.io").endMetadata()
                .withNewSpec().withGroup("sparkoperator.k8s.io").withScope("Namespaced")
                .withNewNames().withKind("SparkApplication").withPlural("sparkapplications")
                .withSingular("sparkapplication").withShortNames("sparkapp").endNames()
                .addNewVersion().withName("v1beta2").withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema()
                .endVersion().endSpec().build();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }

    static KubernetesSparkProperties properties(Map<String, String> overrides) {
        Map<String, String> p = new java.util.HashMap<>(Map.of(
                "estimator.spark.kubernetes.namespace", NAMESPACE,
                "estimator.spark.kubernetes.image", "registry.example.com/estimator-spark:0.1.0",
                "estimator.spark.kubernetes.database-secret.name", "estimator-db",
                "estimator.spark.kubernetes.database-secret.key", "db-password",
                "estimator.spark.kubernetes.storage-secret.name", "estimator-storage"));
        p.putAll(overrides);
        return new Binder(new MapConfigurationPropertySource(p))
                .bindOrCreate("estimator.spark.kubernetes", KubernetesSparkProperties.class);
    }

    KubernetesSparkLauncher launcher(KubernetesClient c, Map<String, String> overrides) {
        return new KubernetesSparkLauncher(c, properties(overrides), DB_URL, "estimator_app");
    }

    static SparkLaunch train(String name) {
        return new SparkLaunch(name, List.of("train", "--job", "42", "--attempt", "1"),
                Map.of("ESTIMATOR_JOB_ID", "42", "ESTIMATOR_SOURCE", "s3a://lake/trips/"));
    }

    Resource<GenericKubernetesResource> raw(String name) {
        return client.genericKubernetesResources("sparkoperator.k8s.io/v1beta2", "SparkApplication")
                .inNamespace(NAMESPACE).withName(name);
    }

    /** As the operator does: its status subresource. */
    void operatorWrites(String name, Map<String, Object> status) {
        raw(name).editStatus(r -> {
            r.setAdditionalProperty("status", status);
            return r;
        });
    }

    @Test
    void aLaunchCreatesTheOperatorsResourceWithEverySetting() {
        KubernetesSparkLauncher launcher = launcher(client, Map.of(
                "estimator.spark.kubernetes.executor-image", "registry.example.com/estimator-spark-exec:0.1.0",
                "estimator.spark.kubernetes.service-account", "estimator-spark-driver",
                "estimator.spark.kubernetes.image-pull-secrets[0]", "regcred",
                "estimator.spark.kubernetes.driver.cores", "2",
                "estimator.spark.kubernetes.driver.memory", "3g",
                "estimator.spark.kubernetes.executor.instances", "5",
                "estimator.spark.kubernetes.executor.cores", "4",
                "estimator.spark.kubernetes.executor.memory", "8g",
                "estimator.spark.kubernetes.executor.java-options", "-XX:+UseG1GC",
                "estimator.spark.kubernetes.spark-conf[spark.hadoop.fs.s3a.endpoint]", "https://s3.example.com"));
        SparkApplication app = launcher.launch(train("estimator-job-42-1"));
        assertThat(app.id()).isEqualTo("estimator-job-42-1");
        assertThat(app.state()).as("not picked up by an operator yet").isEqualTo(SparkApplicationState.SUBMITTED);
        assertThat(app.ui()).isEmpty();

        GenericKubernetesResource r = raw("estimator-job-42-1").get();
        assertThat(r).as("created in the configured namespace").isNotNull();
        assertThat(r.getApiVersion()).isEqualTo("sparkoperator.k8s.io/v1beta2");
        assertThat(r.getKind()).isEqualTo("SparkApplication");
        assertThat(r.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "estimator");
        Map<String, Object> spec = r.get("spec");
        assertThat(spec).containsEntry("type", "Java").containsEntry("mode", "cluster")
                .containsEntry("sparkVersion", "4.2.0")
                .containsEntry("image", "registry.example.com/estimator-spark:0.1.0")
                .containsEntry("imagePullPolicy", "IfNotPresent")
                .containsEntry("imagePullSecrets", List.of("regcred"))
                .containsEntry("mainClass", "dev.estimator.driver.Main")
                .containsEntry("mainApplicationFile", "local:///opt/estimator/estimator-spark-driver.jar")
                .containsEntry("arguments", List.of("train", "--job", "42", "--attempt", "1"))
                .containsEntry("restartPolicy", Map.of("type", "Never"))
                .containsEntry("timeToLiveSeconds", 3600);
        assertThat((Map<String, Object>) r.get("spec", "sparkConf"))
                .containsEntry("spark.driver.extraClassPath", "/opt/estimator/lib/*")
                .containsEntry("spark.executor.extraClassPath", "/opt/estimator/lib/*")
                .containsEntry("spark.hadoop.fs.s3a.endpoint", "https://s3.example.com");

        Map<String, Object> driver = r.get("spec", "driver");
        assertThat(driver).containsEntry("cores", 2).containsEntry("memory", "3g")
                .containsEntry("serviceAccount", "estimator-spark-driver")
                .containsEntry("javaOptions", "--add-modules=jdk.incubator.vector");
        Map<String, Object> executor = r.get("spec", "executor");
        assertThat(executor).containsEntry("instances", 5).containsEntry("cores", 4).containsEntry("memory", "8g")
                .containsEntry("image", "registry.example.com/estimator-spark-exec:0.1.0")
                .containsEntry("javaOptions", "--add-modules=jdk.incubator.vector -XX:+UseG1GC");

        // the driver: the launch's settings and the database's address as values, every credential by reference
        List<Map<String, Object>> driverEnv = r.get("spec", "driver", "env");
        assertThat(driverEnv).contains(
                Map.of("name", "ESTIMATOR_JOB_ID", "value", "42"),
                Map.of("name", "ESTIMATOR_SOURCE", "value", "s3a://lake/trips/"),
                Map.of("name", "ESTIMATOR_DB_URL", "value", DB_URL),
                Map.of("name", "ESTIMATOR_DB_USER", "value", "estimator_app"),
                secretRef("ESTIMATOR_DB_PASSWORD", "estimator-db", "db-password"),
                secretRef("AWS_ACCESS_KEY_ID", "estimator-storage", "AWS_ACCESS_KEY_ID"),
                secretRef("AWS_SECRET_ACCESS_KEY", "estimator-storage", "AWS_SECRET_ACCESS_KEY"));
        assertThat(driverEnv).hasSize(7);
        // the executors read the data, so they get the storage credentials; never the database's
        List<Map<String, Object>> executorEnv = r.get("spec", "executor", "env");
        assertThat(executorEnv).containsExactly(
                secretRef("AWS_ACCESS_KEY_ID", "estimator-storage", "AWS_ACCESS_KEY_ID"),
                secretRef("AWS_SECRET_ACCESS_KEY", "estimator-storage", "AWS_SECRET_ACCESS_KEY"));
    }

    @Test
    void withoutAStorageSecretNoCredentialsAtAllAndDefaultsApply() {
        KubernetesSparkLauncher launcher = launcher(client, Map.of("estimator.spark.kubernetes.storage-secret.name", ""));
        launcher.launch(train("estimator-profile-9"));
        GenericKubernetesResource r = raw("estimator-profile-9").get();
        List<Map<String, Object>> driverEnv = r.get("spec", "driver", "env");
        assertThat(driverEnv).extracting(e -> e.get("name")).containsExactly("ESTIMATOR_JOB_ID", "ESTIMATOR_SOURCE",
                "ESTIMATOR_DB_URL", "ESTIMATOR_DB_USER", "ESTIMATOR_DB_PASSWORD");
        assertThat((Map<String, Object>) r.get("spec", "executor")).doesNotContainKey("env")
                .doesNotContainKey("image").containsEntry("instances", 2).containsEntry("cores", 1)
                .containsEntry("memory", "4g");
        assertThat((Map<String, Object>) r.get("spec", "driver")).doesNotContainKey("serviceAccount")
                .containsEntry("cores", 1).containsEntry("memory", "2g");
    }

    @Test
    void aLaunchMayNotSetWhatComesFromSecretsAndCreatesNothingThen() {
        KubernetesSparkLauncher launcher = launcher(client, Map.of());
        for (String name : List.of("ESTIMATOR_DB_PASSWORD", "AWS_SECRET_ACCESS_KEY", "ESTIMATOR_DB_URL")) {
            SparkLaunch leaky = new SparkLaunch("estimator-job-1-1", List.of("train"), Map.of(name, "hunter2"));
            assertThatThrownBy(() -> launcher.launch(leaky)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(name).hasMessageNotContaining("hunter2");
        }
        assertThat(raw("estimator-job-1-1").get()).isNull();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "null, SUBMITTED", "'', SUBMITTED", "SUBMITTED, SUBMITTED", "PENDING_RERUN, SUBMITTED",
            "INVALIDATING, SUBMITTED", "RUNNING, RUNNING", "SUCCEEDING, RUNNING", "FAILING, RUNNING",
            "UNKNOWN, RUNNING", "COMPLETED, SUCCEEDED", "FAILED, FAILED", "SUBMISSION_FAILED, FAILED"})
    void theOperatorsStatesMapToTheLaunchersStates(String operatorState, SparkApplicationState expected) {
        assertThat(KubernetesSparkLauncher.state(operatorState)).isEqualTo(expected);
    }

    @Test
    void theStateAndUiAreReadFromTheOperatorsStatusAsItChanges() {
        SparkApplication app = launcher(client, Map.of()).launch(train("estimator-job-42-2"));
        operatorWrites("estimator-job-42-2", Map.of("applicationState", Map.of("state", "SUBMITTED"),
                "submissionAttempts", 1));
        assertThat(app.state()).isEqualTo(SparkApplicationState.SUBMITTED);
        operatorWrites("estimator-job-42-2", Map.of("applicationState", Map.of("state", "RUNNING"),
                "sparkApplicationId", "spark-0123", "executorState", Map.of("exec-1", "RUNNING"),
                "driverInfo", Map.of("podName", "estimator-job-42-2-driver", "webUIAddress", "10.96.4.7:4040",
                        "webUIPort", 4040, "webUIServiceName", "estimator-job-42-2-ui-svc")));
        assertThat(app.state()).isEqualTo(SparkApplicationState.RUNNING);
        assertThat(app.ui()).contains(URI.create("http://10.96.4.7:4040"));
        operatorWrites("estimator-job-42-2", Map.of("applicationState", Map.of("state", "COMPLETED"),
                "driverInfo", Map.of("webUIAddress", "10.96.4.7:4040",
                        "webUIIngressAddress", "https://spark.example.com/estimator-job-42-2")));
        assertThat(app.state()).isEqualTo(SparkApplicationState.SUCCEEDED);
        assertThat(app.ui()).as("the Ingress when there is one")
                .contains(URI.create("https://spark.example.com/estimator-job-42-2"));
        operatorWrites("estimator-job-42-2", Map.of("applicationState",
                Map.of("state", "FAILED", "errorMessage", "driver container failed with ExitCode: 1")));
        assertThat(app.state()).isEqualTo(SparkApplicationState.FAILED);
    }

    @Test
    void anotherInstanceFindsTheApplicationAfterARestart() {
        launcher(client, Map.of()).launch(train("estimator-job-42-3"));
        operatorWrites("estimator-job-42-3", Map.of("applicationState", Map.of("state", "RUNNING"),
                "driverInfo", Map.of("webUIAddress", "10.96.4.8:4040")));

        try (KubernetesClient restarted = server.createClient()) {
            KubernetesSparkLauncher other = launcher(restarted, Map.of());
            Optional<SparkApplication> found = other.find("estimator-job-42-3");
            assertThat(found).isPresent();
            assertThat(found.get().id()).isEqualTo("estimator-job-42-3");
            assertThat(found.get().state()).isEqualTo(SparkApplicationState.RUNNING);
            assertThat(found.get().ui()).contains(URI.create("http://10.96.4.8:4040"));
            assertThat(other.find("estimator-job-42-4")).as("never launched").isEmpty();
            // a relaunch of the same attempt (its first answer lost) takes the existing application
            SparkApplication again = other.launch(train("estimator-job-42-3"));
            assertThat(again.state()).isEqualTo(SparkApplicationState.RUNNING);
        }
        assertThat(client.genericKubernetesResources("sparkoperator.k8s.io/v1beta2", "SparkApplication")
                .inNamespace(NAMESPACE).list().getItems()).hasSize(1);
    }

    @Test
    void stopDeletesTheResource() {
        KubernetesSparkLauncher launcher = launcher(client, Map.of());
        SparkApplication app = launcher.launch(train("estimator-job-42-5"));
        launcher.launch(train("estimator-job-43-1"));
        operatorWrites("estimator-job-42-5", Map.of("applicationState", Map.of("state", "RUNNING")));
        app.stop();
        assertThat(raw("estimator-job-42-5").get()).isNull();
        assertThat(app.state()).isEqualTo(SparkApplicationState.GONE);
        assertThat(launcher.find("estimator-job-42-5")).isEmpty();
        app.stop(); // idempotent
        assertThat(raw("estimator-job-43-1").get()).as("only that one").isNotNull();
    }

    @Test
    void whileTheApiServerCannotBeReachedTheStateLastReadHolds() {
        KubernetesClient impatient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(2_000).withRequestTimeout(2_000).build()).build();
        try (impatient) {
            SparkApplication app = launcher(impatient, Map.of()).launch(train("estimator-job-42-6"));
            operatorWrites("estimator-job-42-6", Map.of("applicationState", Map.of("state", "RUNNING")));
            assertThat(app.state()).isEqualTo(SparkApplicationState.RUNNING);
            server.destroy();
            assertThat(app.state()).isEqualTo(SparkApplicationState.RUNNING);
        }
    }

    @Test
    void aLaunchsOwnSecretGoesIntoASecretOwnedByTheApplication() {
        KubernetesSparkLauncher launcher = launcher(client, Map.of());
        String token = "5f0c2a9e1d7b4c3a8e6f0b1c2d3e4f5a";
        launcher.launch(new SparkLaunch("estimator-job-77-1-1", List.of("train", "--report", "10.244.1.17:40123"),
                Map.of("ESTIMATOR_RUN_TOKEN", token, "ESTIMATOR_MODE", "fast")));
        GenericKubernetesResource app = raw("estimator-job-77-1-1").get();
        assertThat(Serialization.asJson(app)).doesNotContain(token);
        List<Map<String, Object>> driverEnv = app.get("spec", "driver", "env");
        assertThat(driverEnv).contains(secretRef("ESTIMATOR_RUN_TOKEN", "estimator-job-77-1-1-env", "ESTIMATOR_RUN_TOKEN"),
                Map.of("name", "ESTIMATOR_MODE", "value", "fast"));

        Secret secret = client.secrets().inNamespace(NAMESPACE).withName("estimator-job-77-1-1-env").get();
        assertThat(secret).isNotNull();
        Map<String, String> data = secret.getData() != null && !secret.getData().isEmpty() ? decoded(secret.getData())
                : secret.getStringData();
        assertThat(data).containsExactly(Map.entry("ESTIMATOR_RUN_TOKEN", token));
        // deleted with the application by Kubernetes' garbage collector
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("SparkApplication");
            assertThat(o.getApiVersion()).isEqualTo("sparkoperator.k8s.io/v1beta2");
            assertThat(o.getName()).isEqualTo("estimator-job-77-1-1");
            assertThat(o.getUid()).isEqualTo(app.getMetadata().getUid()).isNotBlank();
        });
        // a launch with no secret makes no Secret
        launcher.launch(train("estimator-job-77-2-1"));
        assertThat(client.secrets().inNamespace(NAMESPACE).withName("estimator-job-77-2-1-env").get()).isNull();
    }

    private static Map<String, String> decoded(Map<String, String> data) {
        Map<String, String> out = new java.util.TreeMap<>();
        data.forEach((k, v) -> out.put(k, new String(java.util.Base64.getDecoder().decode(v))));
        return out;
    }

    private static Map<String, Object> secretRef(String env, String secret, String key) {
        return Map.of("name", env, "valueFrom", Map.of("secretKeyRef", Map.of("name", secret, "key", key)));
    }
}
