package dev.estimator.spark.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.estimator.spark.SparkLauncher;

/**
 * The launcher's bean exists only with {@code estimator.spark.launcher=kubernetes}, and its properties bind with
 * their documented defaults and refuse what cannot work or would put a credential into the resource. Spark itself
 * is not on the service's class path.
 */
class KubernetesSparkConfigurationTest {

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(KubernetesSparkConfiguration.class)
            .withPropertyValues("spring.datasource.url=jdbc:postgresql://db:5432/estimator",
                    "spring.datasource.username=estimator",
                    "estimator.spark.kubernetes.image=estimator-spark:0.1.0",
                    "estimator.spark.kubernetes.namespace=spark-jobs",
                    "estimator.spark.kubernetes.database-secret.name=estimator-db");

    @Test
    void onlyTheKubernetesLauncherSettingCreatesIt() {
        context.run(c -> assertThat(c).doesNotHaveBean(SparkLauncher.class));
        context.withPropertyValues("estimator.spark.launcher=local")
                .run(c -> assertThat(c).doesNotHaveBean(SparkLauncher.class));
        context.withPropertyValues("estimator.spark.launcher=kubernetes").run(c -> {
            assertThat(c).hasSingleBean(SparkLauncher.class);
            KubernetesSparkLauncher launcher = (KubernetesSparkLauncher) c.getBean(SparkLauncher.class);
            assertThat(launcher.namespace()).isEqualTo("spark-jobs");
        });
    }

    @Test
    void withoutAnImageOrADatabaseSecretTheServiceDoesNotStart() {
        new ApplicationContextRunner().withUserConfiguration(KubernetesSparkConfiguration.class)
                .withPropertyValues("estimator.spark.launcher=kubernetes",
                        "spring.datasource.url=jdbc:postgresql://db:5432/estimator",
                        "estimator.spark.kubernetes.database-secret.name=estimator-db")
                .run(c -> assertThat(c).getFailure().rootCause().hasMessageContaining("estimator.spark.kubernetes.image"));
        context.withPropertyValues("estimator.spark.launcher=kubernetes", "estimator.spark.kubernetes.database-secret.name=")
                .run(c -> assertThat(c).getFailure().rootCause().hasMessageContaining("database-secret.name"));
        new ApplicationContextRunner().withUserConfiguration(KubernetesSparkConfiguration.class)
                .withPropertyValues("estimator.spark.launcher=kubernetes",
                        "estimator.spark.kubernetes.image=estimator-spark:0.1.0",
                        "estimator.spark.kubernetes.database-secret.name=estimator-db")
                .run(c -> assertThat(c).getFailure().rootCause().hasMessageContaining("spring.datasource.url"));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        KubernetesSparkProperties p = bind(Map.of("estimator.spark.kubernetes.image", "estimator-spark:0.1.0",
                "estimator.spark.kubernetes.database-secret.name", "estimator-db"));
        assertThat(p.namespace()).isNull();
        assertThat(p.executorImageOrDefault()).isEqualTo("estimator-spark:0.1.0");
        assertThat(p.imagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(p.mainApplicationFile()).isEqualTo("local:///opt/estimator/estimator-spark-driver.jar");
        assertThat(p.classPath()).isEqualTo("/opt/estimator/lib/*");
        assertThat(p.sparkVersion()).isEqualTo("4.2.0");
        assertThat(p.driver().cores()).isEqualTo(1);
        assertThat(p.driver().memory()).isEqualTo("2g");
        assertThat(p.executor().instances()).isEqualTo(2);
        assertThat(p.executor().cores()).isEqualTo(1);
        assertThat(p.executor().memory()).isEqualTo("4g");
        assertThat(p.storageSecret().configured()).isFalse();
        assertThat(p.storageSecret().keys()).containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        assertThat(p.databaseSecret().key()).isEqualTo("password");
        assertThat(p.timeToLive()).isEqualTo(Duration.ofHours(1));
        assertThat(p.sparkConf()).isEmpty();
    }

    @Test
    void credentialsInSparkPropertiesAreRefused() {
        for (String key : List.of("spark.hadoop.fs.s3a.secret.key", "spark.hadoop.fs.s3a.access.key",
                "spark.hadoop.fs.s3a.session.token", "spark.authenticate.secret",
                "spark.hadoop.fs.azure.account.key.lake.dfs.core.windows.net", "spark.ssl.keyStorePassword")) {
            assertThatThrownBy(() -> bind(Map.of("estimator.spark.kubernetes.image", "i",
                    "estimator.spark.kubernetes.database-secret.name", "db",
                    "estimator.spark.kubernetes.spark-conf[" + key + "]", "x")))
                    .isInstanceOf(BindException.class).rootCause().hasMessageContaining(key);
        }
        // settings that only name how credentials are found are fine
        KubernetesSparkProperties p = bind(Map.of("estimator.spark.kubernetes.image", "i",
                "estimator.spark.kubernetes.database-secret.name", "db",
                "estimator.spark.kubernetes.spark-conf[spark.hadoop.fs.s3a.aws.credentials.provider]",
                "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider",
                "estimator.spark.kubernetes.spark-conf[spark.hadoop.fs.s3a.endpoint]", "https://s3.example.com"));
        assertThat(p.sparkConf()).hasSize(2);
    }

    @Test
    void sparkIsNotOnTheServicesClassPath() {
        assertThatThrownBy(() -> Class.forName("org.apache.spark.SparkContext"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    static KubernetesSparkProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("estimator.spark.kubernetes", KubernetesSparkProperties.class);
    }
}
