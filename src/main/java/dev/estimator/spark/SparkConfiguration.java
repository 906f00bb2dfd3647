package dev.estimator.spark;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SparkProperties.class)
class SparkConfiguration {

    /**
     * The child JVM gets the service's own database settings by environment (never on its command line, where
     * any user of the machine could read them).
     */
    @Bean
    @ConditionalOnProperty(name = "estimator.spark.launcher", havingValue = "local")
    SparkLauncher localSparkLauncher(SparkProperties properties, Environment environment) {
        Map<String, String> secrets = new HashMap<>();
        put(secrets, "ESTIMATOR_DB_URL", environment.getProperty("spring.datasource.url"));
        put(secrets, "ESTIMATOR_DB_USER", environment.getProperty("spring.datasource.username"));
        put(secrets, "ESTIMATOR_DB_PASSWORD", environment.getProperty("spring.datasource.password"));
        return new LocalSparkLauncher(properties.local(), secrets);
    }

    private static void put(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}
