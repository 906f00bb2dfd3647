package dev.estimator.job;

import dev.estimator.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.estimator.TestKeys;

/**
 * The packaged service ({@code estimator.jar}, set by failsafe) as a process of its own, for tests that kill it
 * with SIGKILL: one instance id, one port and one database URL, started again as often as the test likes. Its
 * output goes to {@code target/process-it-<instance>.log}, appended across restarts.
 */
final class ServiceProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final String instance;
    private final int port;
    private final String url;
    private final List<String> jvmArgs;
    private final List<String> appArgs;
    private final Path log;
    private Process process;
    private int starts;

    /**
     * @param jvmArgs JVM options beside the defaults (e.g. a {@code -D} system property)
     * @param appArgs {@code --name=value} settings beside the port, database, instance id and the suite's key
     */
    ServiceProcess(String instance, String url, List<String> jvmArgs, List<String> appArgs) {
        this.instance = instance;
        this.port = freePort();
        this.url = url;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.appArgs = List.copyOf(appArgs);
        this.log = Path.of("target", "process-it-" + instance + ".log");
    }

    JobApi api() {
        return new JobApi(port);
    }

    int starts() {
        return starts;
    }

    /** Starts the process without waiting for it. */
    void launch() throws IOException {
        assertThat(process == null || !process.isAlive()).as("%s runs already", instance).isTrue();
        String jar = System.getProperty("estimator.jar");
        assertThat(jar).as("system property estimator.jar").isNotNull();
        assertThat(Path.of(jar)).exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-modules", "jdk.incubator.vector", "-Xmx512m"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar, "--server.port=" + port, "--spring.datasource.url=" + url,
                "--estimator.jobs.instance-id=" + instance,
                // the suite's administrator key, provisioned by its hash as a deployment would
                "--estimator.security.keys[0].name=test-admin", "--estimator.security.keys[0].role=admin",
                "--estimator.security.keys[0].owner=" + TestKeys.ADMIN_OWNER,
                "--estimator.security.keys[0].hash=" + sha256(TestKeys.ADMIN),
                "--estimator.security.admin-key-file=target/process-it-admin-key-" + instance));
        if (url.startsWith("jdbc:postgresql:")) {
            command.add("--spring.datasource.username=" + TestDatabase.user());
            command.add("--spring.datasource.password=" + TestDatabase.password());
        }
        command.addAll(appArgs);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        starts++;
    }

    /** Starts the process and waits until it is ready. */
    void start() throws Exception {
        launch();
        awaitReady();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Whether it answers ready now; false while it starts, and once it exited. */
    boolean ready() {
        if (!alive()) {
            return false;
        }
        try {
            return api().get("/actuator/health/readiness").status() == 200;
        } catch (IllegalStateException e) {
            // not listening yet
            return false;
        }
    }

    void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ready()) {
            assertThat(alive()).as("%s exited; its log: %s", instance, tail()).isTrue();
            assertThat(System.nanoTime()).as("%s not ready; its log: %s", instance, tail()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Waits until the process exits on its own (or {@code timeout} passes); whether it did. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process != null && process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
