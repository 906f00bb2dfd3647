package dev.estimator.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security's own observations are off: with them, every filter of the chain is wrapped in an observation
 * (timers, tags and a scope per filter and request), a large share of the CPU time of a poll answered from the
 * caches in profiles. Requests are still timed as a whole by {@code http.server.requests}, which the dashboard reads; the
 * {@code spring.security.*} meters are not produced.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservations {

    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
