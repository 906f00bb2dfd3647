package dev.estimator.deploy;

import java.net.URI;

/** The tests' PostgreSQL, as src/test/resources/application.properties reads it from the environment. */
final class TestDatabase {

    private TestDatabase() {
    }

    static String url() {
        return env("ESTIMATOR_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/estimator_test");
    }

    static String user() {
        return env("ESTIMATOR_TEST_DB_USER", "postgres");
    }

    static String password() {
        return env("ESTIMATOR_TEST_DB_PASSWORD", "");
    }

    /** The database name of the URL. */
    static String name() {
        String path = URI.create(url().substring("jdbc:".length())).getPath();
        return path.substring(1);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
