package dev.estimator.dataset;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DatasetProperties.class, ProfilingProperties.class})
class DatasetConfiguration {
}
