package dev.estimator.spark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.TestDatabase;
import dev.estimator.job.JobApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * The whole service with {@code estimator.spark.launcher=kubernetes}, its Kubernetes client configured as in a
 * cluster but pointed at fabric8's API server in CRUD mode: registering a dataset by reference over HTTP makes
 * the profiling run a {@code SparkApplication} in the configured namespace, with the database reached by
 * reference to a Secret (the service's own password appears nowhere in the resource), and a run the operator
 * reports {@code FAILED} is launched again as the next attempt.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "estimator.spark.launcher=kubernetes", "estimator.spark.sources=s3a://lake/",
        "estimator.spark.kubernetes.namespace=spark-jobs",
        "estimator.spark.kubernetes.image=registry.example.com/estimator-spark:0.1.0",
        "estimator.spark.kubernetes.database-secret.name=estimator-db",
        "estimator.spark.kubernetes.storage-secret.name=lake-credentials"})
class KubernetesSparkServiceTest {

    static final KubernetesMockServer SERVER = new KubernetesMockServer(new Context(), new MockWebServer(),
            new HashMap<>(), new KubernetesCrudDispatcher(), false);
    static final KubernetesClient OPERATOR;

    static {
        SERVER.init();
        OPERATOR = SERVER.createClient();
        OPERATOR.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("sparkapplications.sparkoperator.k8s.io").endMetadata()
                .withNewSpec().withGroup("sparkoperator.k8s.io").withScope("Namespaced")
                .withNewNames().withKind("SparkApplication").withPlural("sparkapplications").endNames()
                .addNewVersion().withName("v1beta2").withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build()).create();
        // how fabric8 configures itself outside a pod: system properties, no kube config of the machine
        System.setProperty("kubernetes.master", OPERATOR.getMasterUrl().toString());
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stopServer() {
        System.clearProperty("kubernetes.master");
        System.clearProperty("kubernetes.auth.tryKubeConfig");
        System.clearProperty("kubernetes.auth.tryServiceAccount");
        OPERATOR.close();
        SERVER.destroy();
    }

    @Test
    void aDatasetByReferenceIsProfiledByASparkApplicationThatHoldsNoCredential() throws Exception {
        JobApi api = new JobApi(port);
        JobApi.Response registered = api.send(HttpRequest.newBuilder(api.uri("/api/v1/datasets"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"name": "trips", "source": {"uri": "s3a://lake/trips/", "format": "parquet"}}""")));
        assertThat(registered.status()).as(registered.body()).isEqualTo(202);
        UUID id = UUID.fromString(registered.json().path("id").asString());

        GenericKubernetesResource first = await("estimator-profile-" + id + "-1");
        assertThat(first.getMetadata().getNamespace()).isEqualTo("spark-jobs");
        List<String> arguments = first.get("spec", "arguments");
        assertThat(arguments).startsWith("profile", "--dataset", id.toString());
        assertThat((String) first.get("spec", "image")).isEqualTo("registry.example.com/estimator-spark:0.1.0");
        List<Map<String, Object>> env = first.get("spec", "driver", "env");
        assertThat(env).contains(Map.of("name", "ESTIMATOR_DB_URL", "value", TestDatabase.url()),
                Map.of("name", "ESTIMATOR_DB_PASSWORD", "valueFrom",
                        Map.of("secretKeyRef", Map.of("name", "estimator-db", "key", "password"))),
                Map.of("name", "AWS_SECRET_ACCESS_KEY", "valueFrom",
                        Map.of("secretKeyRef", Map.of("name", "lake-credentials", "key", "AWS_SECRET_ACCESS_KEY"))));
        String json = Serialization.asJson(first);
        if (!TestDatabase.password().isEmpty()) {
            assertThat(json).doesNotContain(TestDatabase.password());
        }

        // the operator gives up on it: the service launches the next attempt
        application("estimator-profile-" + id + "-1").editStatus(r -> {
            r.setAdditionalProperty("status", Map.of("applicationState",
                    Map.of("state", "FAILED", "errorMessage", "driver pod failed")));
            return r;
        });
        GenericKubernetesResource second = await("estimator-profile-" + id + "-2");
        List<String> secondArguments = second.get("spec", "arguments");
        assertThat(secondArguments).containsSequence("--attempt", "2");
    }

    private static Resource<GenericKubernetesResource> application(String name) {
        return OPERATOR.genericKubernetesResources("sparkoperator.k8s.io/v1beta2", "SparkApplication")
                .inNamespace("spark-jobs").withName(name);
    }

    private static GenericKubernetesResource await(String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            GenericKubernetesResource r = application(name).get();
            if (r != null) {
                return r;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no SparkApplication " + name + " within 60 s; there are "
                + OPERATOR.genericKubernetesResources("sparkoperator.k8s.io/v1beta2", "SparkApplication")
                        .inAnyNamespace().list().getItems().stream().map(r -> r.getMetadata().getName()).toList());
    }
}
