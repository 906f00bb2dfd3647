package dev.estimator.deploy;

import static dev.estimator.deploy.Chart.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.marcnuri.helm.LintResult;

import dev.estimator.job.JobApi;
import dev.estimator.spark.SparkProperties;
import dev.estimator.spark.kubernetes.KubernetesSparkProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Helm chart, linted and rendered by Helm with its defaults and with every optional feature on
 * (ci/all-features-values.yaml), checked manifest by manifest: probes on actuator paths this service answers,
 * on the management port it is configured with; ports that match between Service, container and configuration;
 * the password from a Secret; the schema refusing wrong values. Same Spring configuration as the other
 * PostgreSQL tests (a shared context), so that the probe paths are asked of the running service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChartTest {

    static final String FULLNAME = Chart.RELEASE + "-estimator";

    @LocalServerPort
    int port;

    @TempDir
    Path copy;

    @Test
    void lintsCleanWithDefaultsAndWithEveryFeature() throws IOException {
        LintResult defaults = Chart.lint(copy, null);
        assertThat(defaults.isFailed()).as("%s", defaults.getMessages()).isFalse();
        LintResult everything = Chart.lint(copy, Chart.ALL_FEATURES);
        assertThat(everything.isFailed()).as("%s", everything.getMessages()).isFalse();
    }

    @Test
    void defaultsRenderTheCoreObjectsOnly() {
        Chart.Manifests m = Chart.render(null);
        // the generated password's Secret is a hook, which helm-java's template leaves out
        assertThat(m.kinds()).containsExactly("ConfigMap", "Deployment", "PodDisruptionBudget", "Service", "Service",
                "ServiceAccount");
        assertThat((Integer) at(m.one("Deployment"), "spec.replicas")).isEqualTo(2);
    }

    @Test
    void probesAskTheServicesHealthGroupsOnTheManagementPort() throws IOException {
        for (Chart.Manifests m : List.of(Chart.render(null), Chart.render(Chart.ALL_FEATURES))) {
            Map<String, Object> container = m.container();
            Properties properties = m.properties();
            int management = containerPort(container, "management");
            assertThat(Integer.parseInt(properties.getProperty("management.server.port"))).isEqualTo(management);
            assertThat(Integer.parseInt(properties.getProperty("server.port"))).isEqualTo(containerPort(container, "http"));
            assertThat(management).isNotEqualTo(containerPort(container, "http"));

            JobApi service = new JobApi(port, null); // the kubelet sends no credentials
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat((String) at(container, probe + ".httpGet.port")).as(probe).isEqualTo("management");
                String path = at(container, probe + ".httpGet.path");
                assertThat(path).as(probe).isIn("/actuator/health/liveness", "/actuator/health/readiness");
                JobApi.Response health = service.get(path);
                assertThat(health.status()).as("%s %s: %s", probe, path, health.body()).isEqualTo(200);
                assertThat(health.json().path("status").asString()).isEqualTo("UP");
            }
            assertThat((String) at(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
            assertThat((String) at(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        }
    }

    @Test
    void theApiServiceExposesOnlyTheApiPortAndTheMetricsServiceOnlyManagement() {
        for (Chart.Manifests m : List.of(Chart.render(null), Chart.render(Chart.ALL_FEATURES))) {
            List<Map<String, Object>> apiPorts = at(m.named("Service", FULLNAME), "spec.ports");
            assertThat(apiPorts).singleElement().satisfies(p -> {
                assertThat(p.get("name")).isEqualTo("http");
                assertThat(p.get("targetPort")).isEqualTo("http");
            });
            List<Map<String, Object>> metricsPorts = at(m.named("Service", FULLNAME + "-metrics"), "spec.ports");
            assertThat(metricsPorts).singleElement().satisfies(p -> assertThat(p.get("targetPort")).isEqualTo("management"));
            Map<String, Object> selector = at(m.named("Service", FULLNAME), "spec.selector");
            assertThat((Map<String, Object>) at(m.one("Deployment"), "spec.template.metadata.labels"))
                    .containsAllEntriesOf(selector);
        }
    }

    @Test
    void theContainerMatchesTheImage() throws IOException {
        Dockerfile.Stage image = Dockerfile.read().last();
        Chart.Manifests m = Chart.render(null);
        Map<String, Object> container = m.container();
        assertThat(containerPort(container, "http")).isEqualTo(Integer.parseInt(image.last("EXPOSE").arguments()));
        int uid = Integer.parseInt(image.last("USER").arguments().split(":")[0]);
        assertThat((Integer) at(m.one("Deployment"), "spec.template.spec.securityContext.runAsUser")).isEqualTo(uid);
        assertThat(env(container, "JDK_JAVA_OPTIONS")).as("the chart's default JVM options are the image's")
                .isEqualTo(image.env().get("JDK_JAVA_OPTIONS"));
    }

    @Test
    void hardenedWithAWritableTmpForUploads() throws IOException {
        Chart.Manifests m = Chart.render(null);
        Map<String, Object> pod = at(m.one("Deployment"), "spec.template.spec");
        assertThat((Boolean) at(pod, "securityContext.runAsNonRoot")).isTrue();
        assertThat((String) at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
        Map<String, Object> container = m.container();
        assertThat((Boolean) at(container, "securityContext.readOnlyRootFilesystem")).isTrue();
        assertThat((Boolean) at(container, "securityContext.allowPrivilegeEscalation")).isFalse();
        assertThat((List<String>) at(container, "securityContext.capabilities.drop")).containsExactly("ALL");

        String tempDir = m.properties().getProperty("estimator.datasets.temp-dir");
        Map<String, Object> tmpMount = mount(container, tempDir);
        List<Map<String, Object>> volumes = at(pod, "volumes");
        assertThat(volumes).filteredOn(v -> v.get("name").equals(tmpMount.get("name")))
                .singleElement().satisfies(v -> assertThat(v).containsKey("emptyDir"));
        assertThat(tmpMount.get("readOnly")).isNotEqualTo(true);
    }

    @Test
    void theGracePeriodOutlastsTheServicesGracefulShutdown() throws IOException {
        Chart.Manifests m = Chart.render(null);
        Properties properties = m.properties();
        Duration shutdown = DurationStyle.detectAndParse(properties.getProperty("spring.lifecycle.timeout-per-shutdown-phase"))
                .plus(DurationStyle.detectAndParse(properties.getProperty("estimator.jobs.shutdown-timeout")));
        List<String> preStop = at(m.container(), "lifecycle.preStop.exec.command");
        assertThat(preStop.get(0)).isEqualTo("sleep");
        shutdown = shutdown.plusSeconds(Long.parseLong(preStop.get(1)));
        int grace = at(m.one("Deployment"), "spec.template.spec.terminationGracePeriodSeconds");
        assertThat(Duration.ofSeconds(grace)).isGreaterThan(shutdown);

        assertThatThrownBy(() -> Chart.render(null, "terminationGracePeriodSeconds", 40))
                .hasMessageContaining("terminationGracePeriodSeconds (40) must exceed");
    }

    @Test
    void theConfigMapCarriesTheDatabaseAndServiceSettings() throws IOException {
        Chart.Manifests m = Chart.render(Chart.ALL_FEATURES);
        Properties p = m.properties();
        assertThat(p.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.example.com:5432/estimator?sslmode=require");
        assertThat(p.getProperty("spring.datasource.username")).isEqualTo("estimator_app");
        assertThat(p.getProperty("estimator.jobs.max-concurrent")).isEqualTo("4");
        assertThat(p.getProperty("estimator.jobs.pool-threads")).isEqualTo("4");
        assertThat(p.getProperty("estimator.datasets.max-bytes")).isEqualTo("4GB");
        assertThat(p.getProperty("estimator.datasets.cache-max-bytes")).isEqualTo("1GB");
        assertThat(p.getProperty("logging.level.dev.estimator")).isEqualTo("DEBUG");
        assertThat(p).doesNotContainKey("spring.datasource.password");
        assertThat(Chart.render(null).properties()).doesNotContainKey("estimator.jobs.pool-threads");

        Map<String, Object> container = m.container();
        String location = env(container, "SPRING_CONFIG_ADDITIONAL_LOCATION");
        assertThat(location).startsWith("file:");
        Map<String, Object> configMount = mount(container, location.substring("file:".length()));
        List<Map<String, Object>> volumes = at(m.one("Deployment"), "spec.template.spec.volumes");
        assertThat(volumes).filteredOn(v -> v.get("name").equals(configMount.get("name"))).singleElement()
                .satisfies(v -> assertThat((String) at(v, "configMap.name")).isEqualTo(FULLNAME));
        assertThat(env(container, "TZ")).isEqualTo("UTC");
    }

    @Test
    void securitySettingsReachTheService() throws IOException {
        Properties defaults = Chart.render(null).properties();
        assertThat(defaults.getProperty("estimator.security.mode")).isEqualTo("api-key");
        // a first-start key is written where the read-only root filesystem allows
        String keyFile = defaults.getProperty("estimator.security.admin-key-file");
        assertThat(mount(Chart.render(null).container(), keyFile).get("name")).isEqualTo("tmp");

        Properties keys = Chart.render(Chart.ALL_FEATURES).properties();
        assertThat(keys.getProperty("estimator.security.keys[0].name")).isEqualTo("ci");
        assertThat(keys.getProperty("estimator.security.keys[0].role")).isEqualTo("user");
        assertThat(keys).doesNotContainKey("estimator.security.keys[0].owner");
        assertThat(keys.getProperty("estimator.security.keys[1].owner")).isEqualTo("operations");
        assertThat(keys.getProperty("estimator.security.keys[1].hash"))
                .isEqualTo("2C26B46B68FFC68FF99B453C1D30413413422D706483BFA0F98A5E886266E7AE");
        assertThat(keys.getProperty("estimator.quotas.active-jobs")).isEqualTo("20");
        assertThat(keys.getProperty("estimator.quotas.dataset-bytes")).isEqualTo("200GB");

        assertThatThrownBy(() -> Chart.render(null, "security.mode", "jwt"))
                .hasMessageContaining("security.mode jwt needs security.jwt.issuerUri");
        Properties jwt = Chart.render(null, "security.mode", "jwt", "security.jwt.issuerUri",
                "https://login.example.com/realms/analytics").properties();
        assertThat(jwt.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri"))
                .isEqualTo("https://login.example.com/realms/analytics");
        assertThat(jwt.getProperty("estimator.security.jwt.admin-claim")).isEqualTo("roles");
        assertThatThrownBy(() -> Chart.render(null, "security.keys[0].name", "ci", "security.keys[0].hash", "not-a-hash"))
                .hasMessageContaining("hash");
    }

    @Test
    void thePasswordComesFromTheChartsSecretOrAnExistingOne() throws IOException {
        Chart.Manifests given = Chart.render(null, "database.password", "s3cret-pw");
        Map<String, Object> ref = passwordRef(given);
        assertThat(decode(at(given.named("Secret", (String) ref.get("name")), "data." + ref.get("key"))))
                .isEqualTo("s3cret-pw");

        Chart.Manifests existing = Chart.render(Chart.ALL_FEATURES);
        assertThat(existing.all("Secret")).isEmpty();
        assertThat(passwordRef(existing)).containsEntry("name", "estimator-db").containsEntry("key", "db-password");

        // Without either, the Secret is a pre-install hook, made once and kept; helm-java's template leaves hooks
        // out of its output, so the hook is rendered from a copy of the chart without its hook annotation.
        Chart.Manifests generated = Chart.render(null);
        assertThat(generated.all("Secret")).isEmpty();
        Map<String, Object> generatedRef = passwordRef(generated);
        assertThat(generatedRef).containsEntry("name", FULLNAME + "-database").containsEntry("key", "password");
        Path secretTemplate = copy.resolve("templates/secret.yaml");
        Chart.copy(copy);
        String template = Files.readString(secretTemplate);
        assertThat(template).contains("helm.sh/hook: pre-install\n");
        Files.writeString(secretTemplate, template.replaceFirst("(?m)^ *helm\\.sh/hook: pre-install\n", ""));
        Map<String, Object> secret = Chart.renderChart(copy, null).named("Secret", (String) generatedRef.get("name"));
        assertThat(decode(at(secret, "data.password"))).hasSize(32).matches("[A-Za-z0-9]+");
        assertThat((Map<String, Object>) at(secret, "metadata.annotations"))
                .containsEntry("helm.sh/resource-policy", "keep");
    }

    @Test
    void everyOptionalFeatureRenders() throws IOException {
        Chart.Manifests m = Chart.render(Chart.ALL_FEATURES);
        assertThat(m.kinds()).containsExactly("ConfigMap", "ConfigMap", "Deployment", "HorizontalPodAutoscaler",
                "Ingress", "PodDisruptionBudget", "Role", "Role", "RoleBinding", "RoleBinding", "Service", "Service",
                "ServiceAccount", "ServiceAccount", "ServiceMonitor");
        assertThat((Map<String, Object>) at(m.one("Deployment"), "spec")).doesNotContainKey("replicas");
        assertThat((Integer) at(m.one("HorizontalPodAutoscaler"), "spec.maxReplicas")).isEqualTo(10);

        // the Ingress routes to the API Service's http port
        List<Map<String, Object>> rules = at(m.one("Ingress"), "spec.rules");
        List<Map<String, Object>> paths = at(rules.get(0), "http.paths");
        assertThat((String) at(paths.get(0), "backend.service.name")).isEqualTo(FULLNAME);
        assertThat((String) at(paths.get(0), "backend.service.port.name")).isEqualTo("http");

        // the ServiceMonitor selects the metrics Service, not the API Service, and scrapes its management port
        Map<String, Object> monitor = m.one("ServiceMonitor");
        Map<String, Object> selector = at(monitor, "spec.selector.matchLabels");
        assertThat((Map<String, Object>) at(m.named("Service", FULLNAME + "-metrics"), "metadata.labels"))
                .containsAllEntriesOf(selector);
        Map<String, Object> apiLabels = at(m.named("Service", FULLNAME), "metadata.labels");
        assertThat(apiLabels.entrySet().containsAll(selector.entrySet())).as("the API Service is not scraped").isFalse();
        List<Map<String, Object>> endpoints = at(monitor, "spec.endpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e.get("port")).isEqualTo("management");
            assertThat(e.get("path")).isEqualTo("/actuator/prometheus");
        });
        assertThat((Map<String, Object>) at(monitor, "metadata.labels")).containsEntry("release", "prometheus");

        // the dashboard ConfigMap, for Grafana's sidecar, holds the dashboard file
        Map<String, Object> dashboard = m.named("ConfigMap", FULLNAME + "-dashboard");
        assertThat((Map<String, Object>) at(dashboard, "metadata.labels")).containsEntry("grafana_dashboard", "1");
        assertThat((String) at(dashboard, "metadata.namespace")).isEqualTo("monitoring");
        String json = at(dashboard, "data.estimator.json");
        assertThat(JsonMapper.shared().readTree(json))
                .isEqualTo(JsonMapper.shared().readTree(Files.readString(Dashboard.FILE, StandardCharsets.UTF_8)));
    }

    @Test
    void sparkIsOffByDefaultAndRendersNoneOfItsParts() throws IOException {
        Chart.Manifests m = Chart.render(null);
        assertThat(m.all("Role")).isEmpty();
        assertThat(m.all("RoleBinding")).isEmpty();
        assertThat(m.all("ServiceAccount")).singleElement();
        assertThat(m.properties().stringPropertyNames()).noneMatch(k -> k.startsWith("estimator.spark"));
        assertThat((Boolean) at(m.one("Deployment"), "spec.template.spec.automountServiceAccountToken")).isFalse();
        assertThat((Boolean) at(m.one("ServiceAccount"), "automountServiceAccountToken")).isFalse();
        List<Map<String, Object>> env = at(m.container(), "env");
        assertThat(env).noneMatch(e -> e.get("name").toString().startsWith("ESTIMATOR_SPARK"));
    }

    @Test
    void sparkOnKubernetesLetsTheServiceManageSparkApplicationsAndNothingMore() throws IOException {
        Chart.Manifests m = Chart.render(Chart.ALL_FEATURES);
        String serviceAccount = at(m.one("Deployment"), "spec.template.spec.serviceAccountName");
        // the service's token is mounted now: it talks to the API server
        assertThat((Boolean) at(m.one("Deployment"), "spec.template.spec.automountServiceAccountToken")).isTrue();
        assertThat((Boolean) at(m.named("ServiceAccount", serviceAccount), "automountServiceAccountToken")).isTrue();

        Map<String, Object> role = m.named("Role", FULLNAME + "-spark");
        assertThat((String) at(role, "metadata.namespace")).isEqualTo("spark-jobs");
        List<Map<String, Object>> rules = at(role, "rules");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0)).satisfies(rule -> {
            assertThat(rule.get("apiGroups")).isEqualTo(List.of("sparkoperator.k8s.io"));
            assertThat(rule.get("resources")).isEqualTo(List.of("sparkapplications"));
            assertThat((List<String>) rule.get("verbs")).containsExactlyInAnyOrder("create", "get", "list", "watch",
                    "delete");
        });
        // a run's token goes into a Secret of its own: the service may create Secrets, never read them
        assertThat(rules.get(1)).isEqualTo(Map.of("apiGroups", List.of(""), "resources", List.of("secrets"),
                "verbs", List.of("create")));
        Map<String, Object> binding = m.named("RoleBinding", FULLNAME + "-spark");
        assertThat((String) at(binding, "metadata.namespace")).isEqualTo("spark-jobs");
        assertThat((String) at(binding, "roleRef.kind")).isEqualTo("Role");
        assertThat((String) at(binding, "roleRef.name")).isEqualTo(FULLNAME + "-spark");
        assertThat((List<Map<String, Object>>) at(binding, "subjects")).containsExactly(
                Map.of("kind", "ServiceAccount", "name", serviceAccount, "namespace", Chart.NAMESPACE));

        // the drivers' own account, in the Spark namespace, may manage their executors' pods
        String driver = FULLNAME + "-spark-driver";
        assertThat((String) at(m.named("ServiceAccount", driver), "metadata.namespace")).isEqualTo("spark-jobs");
        List<Map<String, Object>> driverRules = at(m.named("Role", driver), "rules");
        assertThat(driverRules).singleElement().satisfies(rule -> {
            assertThat((List<String>) rule.get("resources")).contains("pods", "services", "configmaps");
            assertThat((List<String>) rule.get("verbs")).contains("create", "delete", "watch");
        });
        assertThat((List<Map<String, Object>>) at(m.named("RoleBinding", driver), "subjects")).containsExactly(
                Map.of("kind", "ServiceAccount", "name", driver, "namespace", "spark-jobs"));

        // a training run's driver reports to this pod's own address
        List<Map<String, Object>> env = at(m.container(), "env");
        assertThat(env).filteredOn(e -> e.get("name").equals("ESTIMATOR_SPARK_CALLBACKHOST")).singleElement()
                .satisfies(e -> assertThat((String) at(e, "valueFrom.fieldRef.fieldPath")).isEqualTo("status.podIP"));
        // which the service reads as estimator.spark.callback-host
        SparkProperties bound = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("ESTIMATOR_SPARK_CALLBACKHOST", "10.244.1.17")))).bindOrCreate("estimator.spark", SparkProperties.class);
        assertThat(bound.callbackHost()).isEqualTo("10.244.1.17");
    }

    @Test
    void sparkSettingsReachTheServiceAndBindToItsProperties() throws IOException {
        Properties p = Chart.render(Chart.ALL_FEATURES).properties();
        Binder binder = new Binder(new MapConfigurationPropertySource(p));
        SparkProperties spark = binder.bindOrCreate("estimator.spark", SparkProperties.class);
        assertThat(spark.launcher()).isEqualTo("kubernetes");
        assertThat(spark.sources()).containsExactly("s3a://lake/curated/", "hdfs://namenode:8020/warehouse/");

        KubernetesSparkProperties k = binder.bindOrCreate("estimator.spark.kubernetes", KubernetesSparkProperties.class);
        assertThat(k.namespace()).isEqualTo("spark-jobs");
        assertThat(k.image()).isEqualTo("registry.example.com/estimator-spark:0.1.0");
        assertThat(k.executorImageOrDefault()).isEqualTo("registry.example.com/estimator-spark-executor:0.1.0");
        assertThat(k.imagePullPolicy()).isEqualTo("Always");
        assertThat(k.imagePullSecrets()).containsExactly("regcred");
        assertThat(k.serviceAccount()).isEqualTo(FULLNAME + "-spark-driver");
        assertThat(k.driver().cores()).isEqualTo(2);
        assertThat(k.driver().memory()).isEqualTo("3g");
        assertThat(k.executor().instances()).isEqualTo(6);
        assertThat(k.executor().cores()).isEqualTo(4);
        assertThat(k.executor().memory()).isEqualTo("12g");
        assertThat(k.storageSecret().name()).isEqualTo("lake-credentials");
        assertThat(k.storageSecret().keys()).containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN");
        // the drivers read the service's own database Secret unless told otherwise
        assertThat(k.databaseSecret().name()).isEqualTo("estimator-db");
        assertThat(k.databaseSecret().key()).isEqualTo("db-password");
        assertThat(k.sparkConf()).containsOnly(Map.entry("spark.hadoop.fs.s3a.endpoint", "https://s3.example.com"),
                Map.entry("spark.hadoop.fs.s3a.path.style.access", "true"));
        assertThat(k.timeToLive()).isEqualTo(Duration.ofMinutes(30));

        // the defaults: the release's namespace, the chart's image tag, a generated database Secret's key
        Properties defaults = Chart.render(null, "spark.enabled", true).properties();
        KubernetesSparkProperties d = new Binder(new MapConfigurationPropertySource(defaults))
                .bindOrCreate("estimator.spark.kubernetes", KubernetesSparkProperties.class);
        assertThat(d.namespace()).isEqualTo(Chart.NAMESPACE);
        assertThat(d.image()).startsWith("estimator-spark:").doesNotEndWith(":");
        assertThat(d.storageSecret().configured()).isFalse();
        assertThat(d.databaseSecret().name()).isEqualTo(FULLNAME + "-database");
        assertThat(d.databaseSecret().key()).isEqualTo("password");
        assertThat(d.executor().instances()).isEqualTo(2);

        // a given database Secret for the drivers, e.g. a copy in the Spark namespace
        Properties own = Chart.render(null, "spark.enabled", true, "spark.databaseSecret.name", "spark-db").properties();
        assertThat(own.getProperty("estimator.spark.kubernetes.database-secret.name")).isEqualTo("spark-db");
        assertThat(own.getProperty("estimator.spark.kubernetes.database-secret.key")).isEqualTo("password");
    }

    @Test
    void theLocalSparkLauncherNeedsNoKubernetesAccess() throws IOException {
        Chart.Manifests m = Chart.render(null, "spark.enabled", true, "spark.launcher", "local",
                "spark.sources[0]", "file:///data/lake/");
        assertThat(m.all("Role")).isEmpty();
        assertThat(m.all("RoleBinding")).isEmpty();
        assertThat((Boolean) at(m.one("Deployment"), "spec.template.spec.automountServiceAccountToken")).isFalse();
        Properties p = m.properties();
        assertThat(p.getProperty("estimator.spark.launcher")).isEqualTo("local");
        assertThat(p.getProperty("estimator.spark.sources[0]")).isEqualTo("file:///data/lake/");
        assertThat(p.stringPropertyNames()).noneMatch(k -> k.startsWith("estimator.spark.kubernetes"));

        assertThatThrownBy(() -> Chart.render(null, "spark.launcher", "yarn")).hasMessageContaining("launcher");
        assertThatThrownBy(() -> Chart.render(null, "spark.executor.memory", "lots")).hasMessageContaining("memory");
        assertThatThrownBy(() -> Chart.render(null, "spark.sources[0]", "lake/curated"))
                .hasMessageContaining("sources");
    }

    @Test
    void theSchemaRefusesWrongTypesUnknownKeysAndOtherDatabases() {
        assertThatThrownBy(() -> Chart.render(null, "replicaCount", "two"))
                .hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> Chart.render(null, "replicaCont", 2))
                .hasMessageContaining("replicaCont");
        assertThatThrownBy(() -> Chart.render(null, "config.jobs.maxConcurent", 4))
                .hasMessageContaining("maxConcurent");
        assertThatThrownBy(() -> Chart.render(null, "config.jobs.lease", "15 seconds"))
                .hasMessageContaining("lease");
        assertThatThrownBy(() -> Chart.render(null, "database.url", "jdbc:mysql://db/estimator"))
                .hasMessageContaining("url");
        assertThatThrownBy(() -> Chart.render(null, "probes.readiness.enabled", "yes please"))
                .hasMessageContaining("enabled");
    }

    private static int containerPort(Map<String, Object> container, String name) {
        List<Map<String, Object>> ports = at(container, "ports");
        return ports.stream().filter(p -> name.equals(p.get("name"))).map(p -> (Integer) p.get("containerPort"))
                .findFirst().orElseThrow(() -> new AssertionError("no container port " + name));
    }

    private static String env(Map<String, Object> container, String name) {
        List<Map<String, Object>> env = at(container, "env");
        return env.stream().filter(e -> name.equals(e.get("name"))).map(e -> (String) e.get("value")).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static Map<String, Object> passwordRef(Chart.Manifests m) {
        List<Map<String, Object>> env = at(m.container(), "env");
        return env.stream().filter(e -> "SPRING_DATASOURCE_PASSWORD".equals(e.get("name")))
                .map(e -> Chart.<Map<String, Object>>at(e, "valueFrom.secretKeyRef")).findFirst()
                .orElseThrow(() -> new AssertionError("no SPRING_DATASOURCE_PASSWORD"));
    }

    /** The volume mount whose path holds {@code file}. */
    private static Map<String, Object> mount(Map<String, Object> container, String file) {
        List<Map<String, Object>> mounts = at(container, "volumeMounts");
        return mounts.stream().filter(v -> file.equals(v.get("mountPath")) || file.startsWith(v.get("mountPath") + "/"))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + file));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
