package dev.estimator.job;

import dev.estimator.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.estimator.EstimatorApplication;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of the service (two application contexts, each with its own runner and HTTP port) on one
 * PostgreSQL database of their own. Instance {@code b} reaches the database through a {@link TcpProxy} the tests
 * cut, and polls only once an hour, so that it claims work only when a NOTIFY wakes it; {@code a} polls often,
 * and picks up jobs whose lease lapsed. Leases are short (3 s; {@code ESTIMATOR_TEST_CLUSTER_LEASE=15s} for the
 * default) so that lapses come quickly.
 */
class JobClusterTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String LEASE = System.getenv().getOrDefault("ESTIMATOR_TEST_CLUSTER_LEASE", "3s");

    private static TcpProxy proxy;
    private static Node a;
    private static Node b;
    private static UUID dataset;
    private static UUID small;
    private static JsonNode reference;

    /** One instance: its context, its HTTP client and its instance id. */
    record Node(ConfigurableApplicationContext context, JobApi api, String id) {

        static Node start(String id, String url, String... more) {
            List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + url,
                    "--estimator.jobs.instance-id=" + id, "--estimator.jobs.lease=" + LEASE,
                    "--spring.datasource.hikari.connection-timeout=2000"));
            args.addAll(List.of(more));
            ConfigurableApplicationContext context = new SpringApplicationBuilder(EstimatorApplication.class)
                    .run(args.toArray(String[]::new));
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            return new Node(context, new JobApi(port), id);
        }

        JobRunner runner() {
            return context.getBean(JobRunner.class);
        }

        JdbcClient jdbc() {
            return context.getBean(JdbcClient.class);
        }
    }

    @BeforeAll
    static void instances() throws Exception {
        String url = TestDatabase.fresh("cluster");
        proxy = new TcpProxy(TestDatabase.host(), TestDatabase.port());
        a = Node.start("node-a", url, "--estimator.jobs.poll-interval=200ms");
        b = Node.start("node-b", TestDatabase.url("127.0.0.1", proxy.port(), TestDatabase.name(url)),
                "--estimator.jobs.poll-interval=1h");
        // long jobs: a few seconds of full-batch steps
        dataset = a.api().upload("cluster.csv", TestData.linearCsv(TestData.linearRows(200_000, 7)));
        small = a.api().upload("small.csv", TestData.linearCsv(TestData.linearRows(2000, 8)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.heal();
        }
        if (b != null) {
            b.context().close();
        }
        if (a != null) {
            a.context().close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aNotificationWakesTheIdleRunnerOfAnotherInstance() {
        a.runner().pause();
        try {
            UUID id = a.api().accepted(smallSpec(50));
            // b polls once an hour: only the NOTIFY of a's submission can have woken it
            assertThat(a.api().awaitFinished(id, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(row(id).get("instance_id")).isEqualTo("node-b");
        } finally {
            a.runner().resume();
        }
    }

    @Test
    void fortyJobsOnTwoInstancesRunOnceEach() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add((i % 2 == 0 ? a : b).api().accepted(smallSpec(150 + i)));
        }
        Set<Object> instances = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            UUID id = ids.get(i);
            JsonNode job = a.api().awaitFinished(id, TIMEOUT);
            assertThat(job.path("status").asString()).as("job %d", i).isEqualTo("SUCCEEDED");
            int iterations = 150 + i;
            assertThat(job.path("progress").path("iteration").asInt()).isEqualTo(iterations);
            Map<String, Object> row = row(id);
            assertThat(row.get("attempt")).as("claims of job %d", i).isEqualTo(1);
            instances.add(row.get("instance_id"));
            assertWholeHistory(a.api().get("/api/v1/jobs/" + id + "/loss").json().path("points"), iterations);
            assertThat(a.api().get("/api/v1/jobs/" + id + "/result").json().path("iterations").asInt())
                    .isEqualTo(iterations);
            assertThat(a.jdbc().sql("select count(*) from job_result where job_id = ?").param(id)
                    .query(Long.class).single()).isEqualTo(1L);
        }
        assertThat(instances).containsExactlyInAnyOrder("node-a", "node-b");
    }

    @Test
    void aRunnerCutOffMidJobIsReplacedFromItsCheckpointAndWritesNothingAfterwards() throws Exception {
        JsonNode straight = reference();
        a.runner().pause();
        UUID id;
        long cutAt;
        int checkpointAtCut;
        double iterationsOnA;
        try {
            id = a.api().accepted(longSpec());
            // b runs it (woken by the NOTIFY); wait for a checkpoint, then cut b off from the database
            await(() -> checkpointIteration(id) > 0, "job %s checkpointed on b".formatted(id));
            assertThat(row(id).get("instance_id")).isEqualTo("node-b");
            proxy.cut();
            cutAt = System.nanoTime();
            checkpointAtCut = checkpointIteration(id);
            iterationsOnA = iterationsRun(a);
        } finally {
            a.runner().resume();
        }
        try {
            // b's lease lapses; a claims the job and resumes it from b's last checkpoint
            await(() -> ((Number) row(id).get("attempt")).intValue() == 2, "job %s claimed again".formatted(id));
            System.out.printf("cluster: job %s claimed by node-a %d ms after node-b was cut off (lease %s)%n", id,
                    (System.nanoTime() - cutAt) / 1_000_000, LEASE);
            assertThat(row(id).get("instance_id")).isEqualTo("node-a");
        } finally {
            proxy.heal();
        }
        // b reaches the database again, finds its attempt fenced and stops without writing
        await(() -> b.api().get("/actuator/metrics/estimator.jobs.running").json().path("measurements").get(0)
                .path("value").asDouble() == 0.0, "node-b stopped its run");
        JsonNode done = a.api().awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
        Map<String, Object> row = row(id);
        assertThat(row.get("attempt")).isEqualTo(2);
        assertThat(row.get("failures")).as("the lapsed run had advanced the checkpoint: no failure").isEqualTo(0);
        assertThat(done.path("progress").path("resumes").asInt()).isEqualTo(1);
        assertThat(row.get("instance_id")).isEqualTo("node-a");
        assertSameFit(id, straight);
        // a trained only what b's last checkpoint had not covered
        assertThat(checkpointAtCut).isPositive();
        assertThat(iterationsRun(a) - iterationsOnA).isEqualTo(LONG_ITERATIONS - checkpointAtCut);
    }

    @Test
    void afterAnOutageAnInstanceWaitsForTheLeasesOfInstancesWithoutTheirPresenceLock() throws Exception {
        // after a database restart no instance holds its presence lock until it reconnects, and leases went
        // unrenewed during the outage: a job whose instance is alive but not yet back must not look abandoned
        a.runner().pause();
        b.runner().pause();
        UUID id;
        Instant lapses;
        try {
            id = a.api().accepted(smallSpec(60));
            // as if an instance that has not reconnected yet ran it: no presence lock, lease unrenewed for over
            // a heartbeat interval but not lapsed
            lapses = Instant.now().plus(Duration.parse("PT" + LEASE.toUpperCase()).dividedBy(2));
            a.jdbc().sql("""
                    update job set status = 'RUNNING', instance_id = 'node-reconnecting', attempt = 1,
                                   lease_expires_at = ?, started_at = null where id = ?""")
                    .params(OffsetDateTime.ofInstant(lapses, ZoneOffset.UTC), id).update();
            // a has just lost the database and gets it back at its next poll
            a.context().getBean(JobDatabaseHealthIndicator.class)
                    .failed(new DataAccessResourceFailureException("connection refused"));
        } finally {
            a.runner().resume();
        }
        try {
            await(() -> ((Number) row(id).get("attempt")).intValue() == 2, "job %s claimed".formatted(id));
            Instant claimed = a.jdbc().sql("select started_at from job where id = ?").param(id)
                    .query(OffsetDateTime.class).single().toInstant();
            assertThat(claimed).as("claimed once its lease lapsed").isAfterOrEqualTo(lapses);
            assertThat(a.api().awaitFinished(id, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        } finally {
            b.runner().resume();
        }
    }

    /** Training iterations the instance has run, from its meter. */
    private static double iterationsRun(Node node) {
        return node.api().get("/actuator/metrics/estimator.jobs.iterations").json().path("measurements").get(0)
                .path("value").asDouble();
    }

    @Test
    void aJobRidesOutADatabaseOutage() throws Exception {
        JsonNode straight = reference();
        a.runner().pause();
        try {
            UUID id = a.api().accepted(longSpec());
            await(() -> checkpointIteration(id) > 0, "job %s checkpointed on b".formatted(id));
            proxy.cut();
            try {
                await(() -> b.api().get("/actuator/health/readiness").status() == 503, "node-b not ready");
                // requests meanwhile: a problem saying to come back later, not an internal error
                JobApi.Response poll = b.api().get("/api/v1/jobs/" + id);
                assertThat(poll.status()).as(poll.body()).isEqualTo(503);
                assertThat(poll.header("Content-Type")).startsWith("application/problem+json");
                assertThat(poll.header("Retry-After")).isNotNull();
                // a few seconds without the database, longer than the lease
                Thread.sleep(4000);
                assertThat(b.api().get("/actuator/health/readiness").status()).isEqualTo(503);
            } finally {
                proxy.heal();
            }
            await(() -> b.api().get("/actuator/health/readiness").status() == 200, "node-b ready again");
            JsonNode done = a.api().awaitFinished(id, TIMEOUT);
            assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
            Map<String, Object> row = row(id);
            // b kept the job throughout: never claimed again
            assertThat(row.get("attempt")).isEqualTo(1);
            assertThat(row.get("instance_id")).isEqualTo("node-b");
            assertSameFit(id, straight);
        } finally {
            a.runner().resume();
        }
    }

    private static final int LONG_ITERATIONS = 3000;

    private static String longSpec() {
        return """
                {"datasetId": "%s", "target": "y", "optimizer": {"update": "adam", "learningRate": 0.01,
                 "maxIterations": %d, "tolerance": 0}}""".formatted(dataset, LONG_ITERATIONS);
    }

    private static String smallSpec(int iterations) {
        return """
                {"datasetId": "%s", "target": "y", "features": ["x1", "x2"],
                 "optimizer": {"learningRate": 0.05, "maxIterations": %d, "tolerance": 0}}"""
                .formatted(small, iterations);
    }

    /** The long spec run without interruption (on either instance); its result and loss history. */
    private static synchronized JsonNode reference() {
        if (reference == null) {
            UUID id = a.api().accepted(longSpec());
            assertThat(a.api().awaitFinished(id, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
            reference = a.api().get("/api/v1/jobs/" + id + "/result").json();
            ((tools.jackson.databind.node.ObjectNode) reference).set("loss",
                    a.api().get("/api/v1/jobs/" + id + "/loss").json().path("points"));
        }
        return reference;
    }

    /** The job's loss history and coefficients equal those of the uninterrupted run. */
    private static void assertSameFit(UUID id, JsonNode straight) {
        JsonNode points = a.api().get("/api/v1/jobs/" + id + "/loss").json().path("points");
        assertWholeHistory(points, LONG_ITERATIONS);
        for (int i = 0; i < LONG_ITERATIONS; i++) {
            assertThat(points.get(i).path("loss").asDouble()).as("loss %d", i)
                    .isEqualTo(straight.path("loss").get(i).path("loss").asDouble());
        }
        JsonNode result = a.api().get("/api/v1/jobs/" + id + "/result").json();
        assertThat(result.path("coefficients")).isEqualTo(straight.path("coefficients"));
        assertThat(result.path("intercept")).isEqualTo(straight.path("intercept"));
    }

    /** Iterations 0 … n-1, each once, in order. */
    private static void assertWholeHistory(JsonNode points, int n) {
        assertThat(points.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(points.get(i).path("iteration").asInt()).isEqualTo(i);
        }
    }

    private static Map<String, Object> row(UUID id) {
        return a.jdbc().sql("select status, attempt, instance_id, failures from job where id = ?").param(id)
                .query().singleRow();
    }

    private static int checkpointIteration(UUID id) {
        Integer it = a.jdbc().sql("select checkpoint_iteration from job where id = ?").param(id)
                .query(Integer.class).optional().orElse(null);
        return it == null ? 0 : it;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: %s", what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
