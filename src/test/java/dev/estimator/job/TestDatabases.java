package dev.estimator.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL databases of their own for tests that start service instances beside the shared test context
 * (whose runners would otherwise claim their jobs): named after the test database
 * ({@code ESTIMATOR_TEST_DB_URL}, as in the test application.properties) plus a suffix.
 */
final class TestDatabases {

    private static final Pattern URL = Pattern.compile("^jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+)(\\?.*)?$");

    private TestDatabases() {
    }

    static String user() {
        return env("ESTIMATOR_TEST_DB_USER", "postgres");
    }

    static String password() {
        return env("ESTIMATOR_TEST_DB_PASSWORD", "");
    }

    static String host() {
        return parts().group(1);
    }

    static int port() {
        String port = parts().group(2);
        return port == null ? 5432 : Integer.parseInt(port);
    }

    /** Drops the database {@code <test database>_<suffix>} if it exists and creates it empty; its JDBC URL. */
    static String fresh(String suffix) {
        Matcher m = parts();
        String name = m.group(3) + "_" + suffix;
        try (Connection c = DriverManager.getConnection(url(host(), port(), "postgres"), user(), password());
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return url(host(), port(), name);
    }

    /** The URL of database {@code name} reached through {@code host:port} (e.g. a {@link TcpProxy}). */
    static String url(String host, int port, String name) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    static String name(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        return m.group(3);
    }

    private static Matcher parts() {
        String url = env("ESTIMATOR_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/estimator_test");
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("ESTIMATOR_TEST_DB_URL is not a PostgreSQL JDBC URL: " + url);
        }
        return m;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
