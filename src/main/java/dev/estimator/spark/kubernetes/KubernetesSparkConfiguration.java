package dev.estimator.spark.kubernetes;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.estimator.spark.SparkLauncher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The {@code kubernetes} launcher, only with {@code estimator.spark.launcher=kubernetes}. Its client configures
 * itself as fabric8 does: in a pod from the mounted service account (the chart mounts its token when Spark is
 * on), elsewhere from {@code ~/.kube/config} or {@code KUBERNETES_*} variables.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "estimator.spark.launcher", havingValue = "kubernetes")
@EnableConfigurationProperties(KubernetesSparkProperties.class)
class KubernetesSparkConfiguration {

    @Bean(destroyMethod = "close")
    KubernetesClient sparkKubernetesClient() {
        return new KubernetesClientBuilder().build();
    }

    @Bean
    SparkLauncher kubernetesSparkLauncher(KubernetesClient sparkKubernetesClient, KubernetesSparkProperties properties,
            Environment environment) {
        return new KubernetesSparkLauncher(sparkKubernetesClient, properties,
                environment.getProperty("spring.datasource.url"), environment.getProperty("spring.datasource.username"));
    }
}
