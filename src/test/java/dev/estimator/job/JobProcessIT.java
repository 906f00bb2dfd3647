package dev.estimator.job;

import dev.estimator.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The packaged service as a process (failsafe runs this after {@code package}, with {@code estimator.jar}),
 * killed with SIGKILL in the middle of a job and started again, on PostgreSQL and on the embedded H2 file
 * database. The new process claims the job (on PostgreSQL as soon as the dead one's presence lock is gone, on
 * H2 once its lease lapses) and finishes it from its last checkpoint: the loss history has every iteration
 * once, and the fit equals an uninterrupted run's.
 */
class JobProcessIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int ITERATIONS = 5000;

    private final List<ServiceProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ServiceProcess p : processes) {
            p.close();
        }
    }

    @Test
    void aJobSurvivesKillDashNineOfItsProcess() throws Exception {
        String url = TestDatabase.fresh("process");
        killedAndResumed(url, TestDatabase.user(), TestDatabase.password(), List.of());
    }

    @Test
    void aJobSurvivesKillDashNineOfItsProcessOnTheEmbeddedDatabase() throws Exception {
        Path dir = Path.of("target", "process-h2-" + UUID.randomUUID()).toAbsolutePath();
        String url = "jdbc:h2:file:" + dir.resolve("estimator")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        // one instance: its restarted process waits for the dead one's lease, kept short here
        killedAndResumed(url, "sa", "", List.of("--estimator.jobs.lease=3s"));
    }

    private void killedAndResumed(String url, String user, String password, List<String> settings)
            throws Exception {
        ServiceProcess first = process("process-1", url, settings);
        first.start();
        JobApi api = first.api();
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

        first.kill();
        long killedAt = System.nanoTime();
        int checkpoint;
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            checkpoint = Integer.parseInt(column(c, id, "checkpoint_iteration"));
            assertThat(column(c, id, "status")).isEqualTo("RUNNING");
        }
        assertThat(checkpoint).isPositive().isLessThan(ITERATIONS);

        ServiceProcess second = process("process-2", url, settings);
        second.start();
        api = second.api();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (api.job(id).json().path("progress").path("resumes").asInt() < 1) {
            assertThat(System.nanoTime()).as("job %s not claimed again", id).isLessThan(deadline);
            Thread.sleep(50);
        }
        System.out.printf("process: job %s claimed again %d ms after SIGKILL (checkpoint at %d, %s)%n", id,
                (System.nanoTime() - killedAt) / 1_000_000, checkpoint, url.substring(0, 12));
        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("progress").path("resumes").asInt()).isEqualTo(1);
        // the second process trained only what the checkpoint had not covered: resumed, not restarted
        assertThat(iterationsRun(api)).isEqualTo(ITERATIONS - checkpoint);
        assertThat(api.get("/actuator/metrics/estimator.jobs.resumed?tag=cause:lease-lapsed").json()
                .path("measurements").get(0).path("value").asDouble()).isEqualTo(1.0);

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

        second.close();
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            assertThat(column(c, id, "instance_id")).isEqualTo("process-2");
            // the killed run had written checkpoints: a resumption, not a failure
            assertThat(column(c, id, "failures")).isEqualTo("0");
        }
    }

    private ServiceProcess process(String instance, String url, List<String> settings) {
        ServiceProcess p = new ServiceProcess(instance, url, List.of(), settings);
        processes.add(p);
        return p;
    }

    private static double iterationsRun(JobApi api) {
        return api.get("/actuator/metrics/estimator.jobs.iterations").json().path("measurements").get(0)
                .path("value").asDouble();
    }

    private static String column(Connection c, UUID id, String column) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + column + " from job where id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
