package dev.estimator;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every Spring context of the tests the database {@link TestDatabase} decided on, as the
 * {@code ESTIMATOR_TEST_DB_*} values that the test {@code application.properties} reads. Added last, so an
 * environment variable of the same name, or a test's own {@code spring.datasource.*}, still wins. Registered in
 * the tests' {@code META-INF/spring.factories}.
 */
class TestDatabaseEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("testDatabase", Map.of(
                "ESTIMATOR_TEST_DB_URL", TestDatabase.url(),
                "ESTIMATOR_TEST_DB_USER", TestDatabase.user(),
                "ESTIMATOR_TEST_DB_PASSWORD", TestDatabase.password())));
    }
}
