package dev.estimator.spark.kubernetes;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.estimator.spark.SparkApplication;
import dev.estimator.spark.SparkApplicationState;
import dev.estimator.spark.SparkLaunch;
import dev.estimator.spark.SparkLauncher;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;

/**
 * Runs each application as a Spark operator {@code SparkApplication} in cluster mode: the operator submits it, the
 * driver pod runs {@code dev.estimator.driver.Main} from the driver image and asks for the executors. The
 * resource's name is the launch's name and the application's id, so any instance of the service finds it again
 * by name after the one that created it died.
 * <p>
 * Credentials never enter the resource: the database password and the storage credentials are references to
 * Kubernetes Secrets ({@code secretKeyRef}), resolved by the kubelet in the driver and executor pods; a launch's
 * own secret variables (by name, e.g. the run's token) go into a Secret made for the application and owned by it. The
 * operator's restart policy is {@code Never}: a failed driver is replaced by the service, which launches the
 * job's next attempt under a new name (fenced by the attempt), not by the operator behind its back.
 */
public final class KubernetesSparkLauncher implements SparkLauncher {

    static final String MAIN_CLASS = "dev.estimator.driver.Main";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "estimator";
    /** Always on the driver's and executors' JVMs: the engine's kernels use the incubating Vector API. */
    static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";
    static final String DB_URL = "ESTIMATOR_DB_URL";
    static final String DB_USER = "ESTIMATOR_DB_USER";
    static final String DB_PASSWORD = "ESTIMATOR_DB_PASSWORD";

    private static final Logger log = LoggerFactory.getLogger(KubernetesSparkLauncher.class);

    private final KubernetesClient client;
    private final KubernetesSparkProperties settings;
    private final String namespace;
    private final String databaseUrl;
    private final String databaseUser;

    /**
     * @param databaseUrl  the JDBC URL the driver writes progress to (not secret; its password comes from the
     *                     configured Secret)
     * @param databaseUser the database user
     */
    public KubernetesSparkLauncher(KubernetesClient client, KubernetesSparkProperties settings, String databaseUrl,
            String databaseUser) {
        if (databaseUrl == null || databaseUrl.isBlank()) {
            throw new IllegalArgumentException("the kubernetes Spark launcher needs spring.datasource.url: the driver"
                    + " records progress in the service's PostgreSQL database");
        }
        this.client = client;
        this.settings = settings;
        this.namespace = settings.namespace() != null && !settings.namespace().isBlank() ? settings.namespace()
                : client.getNamespace() != null ? client.getNamespace() : "default";
        this.databaseUrl = databaseUrl;
        this.databaseUser = databaseUser;
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public SparkApplication launch(SparkLaunch launch) {
        SparkApplicationResource resource = resource(launch);
        SparkApplicationResource created;
        try {
            created = applications().resource(resource).create();
            log.info("Created SparkApplication {}/{} (image {}, {} executors)", namespace, launch.name(),
                    settings.image(), settings.executor().instances());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // Created before, by this launch (the name is unique per attempt) whose answer was lost: the same application.
            log.info("SparkApplication {}/{} exists already; taking it", namespace, launch.name());
            created = application(launch.name()).get();
        }
        Map<String, String> secret = secretPart(launch.environment());
        if (!secret.isEmpty() && created != null) {
            createLaunchSecret(created, secret);
        }
        return new KubernetesApplication(launch.name());
    }

    /**
     * A launch's own secrets (e.g. the run's token its driver introduces itself with) go into a Secret of their own,
     * owned by the application so that Kubernetes deletes it with the application; the driver reads them by
     * {@code secretKeyRef}. Its pod waits for the Secret if it is scheduled first.
     */
    private void createLaunchSecret(SparkApplicationResource owner, Map<String, String> values) {
        Secret secret = new SecretBuilder().withNewMetadata().withName(launchSecretName(owner.getMetadata().getName()))
                .withNamespace(namespace).addToLabels(MANAGED_BY, MANAGER)
                .addNewOwnerReference().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).endOwnerReference()
                .endMetadata().withType("Opaque").withStringData(new TreeMap<>(values)).build();
        try {
            client.secrets().inNamespace(namespace).resource(secret).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            log.warn("Secret {}/{} exists already; the application keeps the one it was created with", namespace,
                    secret.getMetadata().getName());
        }
    }

    static String launchSecretName(String application) {
        return application + "-env";
    }

    /** A launch's variables that are secrets by their names ({@code …_TOKEN}, {@code …_PASSWORD}, {@code …_SECRET}, {@code …_KEY}). */
    static boolean secretName(String variable) {
        return variable.matches(".*_(TOKEN|PASSWORD|SECRET|KEY)");
    }

    private static Map<String, String> secretPart(Map<String, String> environment) {
        Map<String, String> secret = new TreeMap<>();
        environment.forEach((k, v) -> {
            if (secretName(k)) {
                secret.put(k, v);
            }
        });
        return secret;
    }

    @Override
    public Optional<SparkApplication> find(String applicationId) {
        return Optional.ofNullable(application(applicationId).get()).map(r -> new KubernetesApplication(applicationId));
    }

    /** The resource a launch becomes. */
    SparkApplicationResource resource(SparkLaunch launch) {
        Set<String> fromSecrets = new HashSet<>(settings.storageSecret().keys());
        fromSecrets.addAll(List.of(DB_URL, DB_USER, DB_PASSWORD));
        for (String name : launch.environment().keySet()) {
            if (fromSecrets.contains(name)) {
                throw new IllegalArgumentException("the launch's environment may not set " + name
                        + ": the kubernetes launcher sets it from its configuration");
            }
        }
        List<EnvVar> driverEnv = new ArrayList<>();
        new TreeMap<>(launch.environment()).forEach((k, v) -> driverEnv.add(secretName(k)
                ? secretEnv(k, launchSecretName(launch.name()), k) : new EnvVar(k, v, null)));
        driverEnv.add(new EnvVar(DB_URL, databaseUrl, null));
        if (databaseUser != null) {
            driverEnv.add(new EnvVar(DB_USER, databaseUser, null));
        }
        driverEnv.add(secretEnv(DB_PASSWORD, settings.databaseSecret().name(), settings.databaseSecret().key()));
        List<EnvVar> storage = new ArrayList<>();
        if (settings.storageSecret().configured()) {
            for (String key : settings.storageSecret().keys()) {
                storage.add(secretEnv(key, settings.storageSecret().name(), key));
            }
        }
        driverEnv.addAll(storage);

        Map<String, String> labels = new LinkedHashMap<>(settings.labels());
        labels.put(MANAGED_BY, MANAGER);
        Map<String, String> sparkConf = new LinkedHashMap<>();
        if (settings.classPath() != null && !settings.classPath().isBlank()) {
            sparkConf.put("spark.driver.extraClassPath", settings.classPath());
            sparkConf.put("spark.executor.extraClassPath", settings.classPath());
        }
        sparkConf.putAll(settings.sparkConf());

        KubernetesSparkProperties.Driver d = settings.driver();
        KubernetesSparkProperties.Executor x = settings.executor();
        String executorImage = settings.executorImageOrDefault();
        SparkApplicationResource.Spec spec = new SparkApplicationResource.Spec("Java", "cluster",
                settings.sparkVersion(), settings.image(), settings.imagePullPolicy(), settings.imagePullSecrets(),
                MAIN_CLASS, settings.mainApplicationFile(), launch.arguments(), sparkConf,
                new SparkApplicationResource.RestartPolicy("Never"),
                settings.timeToLive().isZero() ? null : settings.timeToLive().toSeconds(),
                new SparkApplicationResource.Driver(d.cores(), d.memory(), settings.serviceAccount(),
                        javaOptions(d.javaOptions()), labels, driverEnv),
                new SparkApplicationResource.Executor(x.instances(), x.cores(), x.memory(),
                        executorImage.equals(settings.image()) ? null : executorImage, javaOptions(x.javaOptions()),
                        labels, storage));
        SparkApplicationResource resource = new SparkApplicationResource();
        resource.setMetadata(new ObjectMetaBuilder().withName(launch.name()).withNamespace(namespace)
                .withLabels(labels).build());
        resource.setSpec(spec);
        return resource;
    }

    /**
     * The operator's {@code status.applicationState.state} as a launcher state. Its passing states (the driver
     * finished and the executors are being cleaned up, a rerun pending) are not ends: only {@code COMPLETED},
     * {@code FAILED} and {@code SUBMISSION_FAILED} are, since with restart policy {@code Never} nothing follows them.
     */
    static SparkApplicationState state(String operatorState) {
        if (operatorState == null || operatorState.isEmpty()) {
            return SparkApplicationState.SUBMITTED; // not picked up by the operator yet
        }
        return switch (operatorState) {
            case "SUBMITTED", "PENDING_RERUN", "INVALIDATING", "SUSPENDING", "SUSPENDED", "RESUMING" ->
                    SparkApplicationState.SUBMITTED;
            case "COMPLETED" -> SparkApplicationState.SUCCEEDED;
            case "FAILED", "SUBMISSION_FAILED" -> SparkApplicationState.FAILED;
            // RUNNING, SUCCEEDING, FAILING, UNKNOWN (the driver pod cannot be seen for now), and states of
            // operators newer than this code: not an end, so the job's lease and maxRuntimeSeconds still hold
            default -> SparkApplicationState.RUNNING;
        };
    }

    /** The UI's Ingress address when the operator made one, else its in-cluster Service address. */
    static Optional<URI> ui(SparkApplicationResource.Status status) {
        if (status == null || status.driverInfo() == null) {
            return Optional.empty();
        }
        SparkApplicationResource.DriverInfo info = status.driverInfo();
        String address = info.webUIIngressAddress() != null && !info.webUIIngressAddress().isBlank()
                ? info.webUIIngressAddress() : info.webUIAddress();
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(address.contains("://") ? address : "http://" + address));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String javaOptions(String extra) {
        return extra == null || extra.isBlank() ? VECTOR_MODULE : VECTOR_MODULE + " " + extra.strip();
    }

    private static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(secret).withKey(key).endSecretKeyRef().endValueFrom().build();
    }

    private NonNamespaceOperation<SparkApplicationResource, KubernetesResourceList<SparkApplicationResource>,
            Resource<SparkApplicationResource>> applications() {
        return client.resources(SparkApplicationResource.class).inNamespace(namespace);
    }

    private Resource<SparkApplicationResource> application(String name) {
        return applications().withName(name);
    }

    /** One application, read afresh from the API server at each question. */
    private final class KubernetesApplication implements SparkApplication {

        private final String name;
        private volatile boolean failureLogged;
        /** What the API server last said, answered while it cannot be asked. */
        private volatile SparkApplicationState lastKnown = SparkApplicationState.SUBMITTED;

        KubernetesApplication(String name) {
            this.name = name;
        }

        @Override
        public String id() {
            return name;
        }

        @Override
        public Optional<URI> ui() {
            SparkApplicationResource r = application(name).get();
            return r == null ? Optional.empty() : KubernetesSparkLauncher.ui(r.getStatus());
        }

        /**
         * Read afresh each time. When the API server cannot be reached (the client has retried by then), the state
         * last read: a run is neither ended nor failed by an outage of the control plane, and its lease and
         * {@code maxRuntimeSeconds} still bound it.
         */
        @Override
        public SparkApplicationState state() {
            SparkApplicationResource r;
            try {
                r = application(name).get();
            } catch (KubernetesClientException e) {
                log.warn("SparkApplication {}/{}: could not read its state ({}); taking it as {}", namespace, name,
                        e.getMessage(), lastKnown);
                return lastKnown;
            }
            if (r == null) {
                lastKnown = SparkApplicationState.GONE;
                return lastKnown;
            }
            SparkApplicationResource.Status status = r.getStatus();
            SparkApplicationResource.ApplicationState app = status == null ? null : status.applicationState();
            SparkApplicationState state = KubernetesSparkLauncher.state(app == null ? null : app.state());
            if (state == SparkApplicationState.FAILED && !failureLogged) {
                failureLogged = true;
                log.warn("SparkApplication {}/{} {}: {}", namespace, name, app.state(), app.errorMessage());
            }
            lastKnown = state;
            return state;
        }

        @Override
        public void stop() {
            application(name).delete();
            log.info("Deleted SparkApplication {}/{}", namespace, name);
        }

        @Override
        public String toString() {
            return "SparkApplication " + namespace + "/" + name;
        }
    }
}
