package dev.estimator.job;

import dev.estimator.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.estimator.TestKeys;
import tools.jackson.databind.JsonNode;

/**
 * The packaged service as a process (failsafe runs this after {@code package}, with {@code estimator.jar}):
 * started on a PostgreSQL database of its own, killed with SIGKILL in the middle of a job, started again.
 * The new process claims the job once the dead one's lease lapses (the default 15 s) and finishes it from its
 * last checkpoint: the loss history has every iteration once, and the fit equals an uninterrupted run's.
 */
class JobProcessIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int ITERATIONS = 5000;

    private final List<Process> processes = new ArrayList<>();
    private String url;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            p.waitFor();
        }
    }

    @Test
    void aJobSurvivesKillDashNineOfItsProcess() throws Exception {
        url = TestDatabase.fresh("process");
        int port = freePort();
        Process first = start("process-1", port);
        JobApi api = new JobApi(port);
        UUID dataset = api.upload("process.csv", TestData.linearCsv(TestData.linearRows(200_000, 11)));
        String spec = """
                {"datasetId": "%s", "target": "y", "optimizer": {"update": "adam", "learningRate": 0.01,
                 "maxIterations": %d, "tolerance": 0}}""".formatted(dataset, ITERATIONS);
        UUID id = api.accepted(spec);
        // every flush carries a checkpoint: kill the process once a few hundred iterations are stored
        long until = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode running = api.awaitProgress(id, TIMEOUT);
            assertThat(running.path("status").asString()).isEqualTo("RUNNING");
            if (running.path("progress").path("iteration").asInt() >= 200) {
                break;
            }
            assertThat(System.nanoTime()).as("job %s progress", id).isLessThan(until);
            Thread.sleep(100);
        }

        first.destroyForcibly().waitFor();
        long killedAt = System.nanoTime();
        int checkpoint = intColumn(id, "checkpoint_iteration");
        assertThat(checkpoint).isPositive().isLessThan(ITERATIONS);
        assertThat(column(id, "status")).isEqualTo("RUNNING");

        start("process-2", port);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (intColumn(id, "attempt") < 2) {
            assertThat(System.nanoTime()).as("job %s not claimed again", id).isLessThan(deadline);
            Thread.sleep(50);
        }
        System.out.printf("process: job %s claimed again %d ms after SIGKILL (lease 15 s, checkpoint at %d)%n", id,
                (System.nanoTime() - killedAt) / 1_000_000, checkpoint);
        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(column(id, "instance_id")).isEqualTo("process-2");
        assertThat(intColumn(id, "failures")).isEqualTo(1);
        // the second process trained only what the checkpoint had not covered
        assertThat(iterationsRun(api)).isEqualTo(ITERATIONS - checkpoint);

        UUID reference = api.accepted(spec);
        assertThat(api.awaitFinished(reference, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode resumed = api.get("/api/v1/jobs/" + id + "/loss").json().path("points");
        JsonNode straight = api.get("/api/v1/jobs/" + reference + "/loss").json().path("points");
        assertThat(resumed.size()).isEqualTo(ITERATIONS);
        for (int i = 0; i < ITERATIONS; i++) {
            assertThat(resumed.get(i).path("iteration").asInt()).isEqualTo(i);
            assertThat(resumed.get(i).path("loss").asDouble()).as("loss %d", i)
                    .isEqualTo(straight.get(i).path("loss").asDouble());
        }
        JsonNode a = api.get("/api/v1/jobs/" + id + "/result").json();
        JsonNode b = api.get("/api/v1/jobs/" + reference + "/result").json();
        assertThat(a.path("coefficients")).isEqualTo(b.path("coefficients"));
        assertThat(a.path("intercept")).isEqualTo(b.path("intercept"));
    }

    /** Starts the jar and waits until it is ready. */
    private Process start(String instance, int port) throws Exception {
        String jar = System.getProperty("estimator.jar");
        assertThat(jar).as("system property estimator.jar").isNotNull();
        assertThat(Path.of(jar)).exists();
        Path log = Path.of("target", "process-it-" + instance + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-jar", jar,
                "--server.port=" + port, "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(),
                "--estimator.jobs.instance-id=" + instance,
                // the suite's administrator key, provisioned by its hash as a deployment would
                "--estimator.security.keys[0].name=test-admin", "--estimator.security.keys[0].role=admin",
                "--estimator.security.keys[0].owner=" + TestKeys.ADMIN_OWNER,
                "--estimator.security.keys[0].hash=" + sha256(TestKeys.ADMIN),
                "--estimator.security.admin-key-file=target/process-it-admin-key")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        JobApi api = new JobApi(port);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            assertThat(p.isAlive()).as("%s exited; its log: %s", instance, tail(log)).isTrue();
            assertThat(System.nanoTime()).as("%s not ready; its log: %s", instance, tail(log)).isLessThan(deadline);
            try {
                if (api.get("/actuator/health/readiness").status() == 200) {
                    return p;
                }
            } catch (IllegalStateException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
    }

    private static String sha256(String key) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                key.getBytes(StandardCharsets.UTF_8)));
    }

    private static double iterationsRun(JobApi api) {
        return api.get("/actuator/metrics/estimator.jobs.iterations").json().path("measurements").get(0)
                .path("value").asDouble();
    }

    private String column(UUID id, String column) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
                PreparedStatement s = c.prepareStatement("select " + column + " from job where id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private int intColumn(UUID id, String column) throws SQLException {
        String v = column(id, column);
        return v == null ? 0 : Integer.parseInt(v);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
