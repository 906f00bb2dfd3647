package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.estimator.dataset.DatasetService;
import dev.estimator.engine.DesignMatrix;
import dev.estimator.engine.DesignMatrixBuilder;
import dev.estimator.engine.Trainer;
import tools.jackson.databind.JsonNode;

/**
 * The queue's guarantees on PostgreSQL: a job whose instance died resumes from its checkpoint and finishes
 * once, with its loss history whole; a stale attempt writes nothing; concurrent claimers never share a job.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobRecoveryTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    JobRunner runner;

    @Autowired
    JobRepository repository;

    @Autowired
    JobQueue queue;

    @Autowired
    JobLossHistory lossHistory;

    @Autowired
    JobViews views;

    @Autowired
    DatasetService datasets;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    JobApi api;

    @BeforeEach
    void client() {
        api = new JobApi(port);
    }

    /**
     * First-order steps carry their update rule's state in the checkpoint, Newton none, L-BFGS its curvature pairs
     * and the line search's last step: each resumes to the same history and fit as an uninterrupted run.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            adam gd | linear   | "update": "adam", "learningRate": 0.05, "maxIterations": 400
            newton  | logistic | "algorithm": "newton", "maxIterations": 50
            lbfgs   | logistic | "algorithm": "lbfgs", "maxIterations": 50
            """)
    void aJobWhoseInstanceDiedResumesFromItsCheckpoint(String name, String model, String optimizer) {
        UUID dataset = api.upload("resume.csv", model.equals("linear")
                ? TestData.linearCsv(TestData.linearRows(300, 21)) : TestData.logisticCsv(300, 21));
        String spec = """
                {"datasetId": "%s", "target": "%s", "model": "%s", "optimizer": {%s, "tolerance": 0}}"""
                .formatted(dataset, model.equals("linear") ? "y" : "bought", model, optimizer);
        UUID reference = api.accepted(spec);
        assertThat(api.awaitFinished(reference, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        int total = api.get("/api/v1/jobs/" + reference + "/loss").json().path("points").size();
        // second-order steps converge in a handful of steps: the dead run is cut half way
        int checkpointed = Math.min(150, total / 2);
        int extra = Math.min(5, total - checkpointed - 1);
        assertThat(extra).as("points after the checkpoint in a run of %d", total).isPositive();

        UUID id;
        runner.pause();
        try {
            id = api.accepted(spec);
            // what a dead instance leaves behind: iterations flushed with their checkpoint, a few more loss rows
            // the checkpoint does not cover, and a lease that lapsed
            Job job = repository.find(id).orElseThrow();
            JobPlan plan = JobPlan.of(views.read(job.spec(), JobSpec.class));
            DesignMatrix matrix = DesignMatrixBuilder.build(datasets.loadFrame(dataset), plan.design());
            List<LossPoint> points = new ArrayList<>();
            byte[][] checkpoint = new byte[1][];
            ForkJoinPool pool = new ForkJoinPool(1);
            try {
                new Trainer(matrix, plan.training(), pool).run((record, cp) -> {
                    points.add(LossPoint.of(record));
                    if (record.iteration() == checkpointed - 1) {
                        checkpoint[0] = cp.snapshot();
                    }
                    return record.iteration() < checkpointed + extra - 1;
                });
            } finally {
                pool.shutdown();
            }
            Instant now = clock.instant();
            ClaimedJob dead = claim(id, "dead-instance", now.plusSeconds(60));
            assertThat(queue.flush(id, dead.attempt(), new ProgressWrite(points.subList(0, checkpointed),
                    checkpointed, points.get(checkpointed - 1).loss(), null, checkpoint[0]), now.plusSeconds(60)))
                    .isEqualTo(JobQueue.FlushOutcome.WRITTEN);
            for (LossPoint p : points.subList(checkpointed, checkpointed + extra)) {
                jdbc.sql("insert into job_loss (job_id, iteration, loss, gradient_norm, learning_rate, elapsed_ms)"
                        + " values (?, ?, ?, ?, ?, ?)")
                        .params(id, p.iteration(), p.loss(), p.gradientNorm(), p.learningRate(), p.elapsedMs())
                        .update();
            }
            jdbc.sql("update job set lease_expires_at = ? where id = ?")
                    .params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), id).update();
        } finally {
            runner.resume();
        }

        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(repository.find(id).orElseThrow().attempt()).isEqualTo(2);

        JsonNode resumed = api.get("/api/v1/jobs/" + id + "/loss").json().path("points");
        JsonNode straight = api.get("/api/v1/jobs/" + reference + "/loss").json().path("points");
        assertThat(resumed.size()).isEqualTo(total);
        for (int i = 0; i < total; i++) {
            assertThat(resumed.get(i).path("iteration").asInt()).isEqualTo(i);
            assertThat(resumed.get(i).path("loss").asDouble()).as("loss %d", i)
                    .isEqualTo(straight.get(i).path("loss").asDouble());
        }
        JsonNode a = api.get("/api/v1/jobs/" + id + "/result").json();
        JsonNode b = api.get("/api/v1/jobs/" + reference + "/result").json();
        assertThat(a.path("coefficients")).isEqualTo(b.path("coefficients"));
        assertThat(a.path("intercept")).isEqualTo(b.path("intercept"));

        // the dead instance's attempt can no longer write anything
        Instant now = clock.instant();
        assertThat(queue.heartbeat(id, 1, now.plusSeconds(60))).isFalse();
        assertThat(queue.flush(id, 1, new ProgressWrite(List.of(), 1, 1.0, null, new byte[] {1}), now))
                .isEqualTo(JobQueue.FlushOutcome.FENCED);
        assertThat(queue.finish(id, 1, new ProgressWrite(List.of(), 1, 1.0, null, null),
                new JobEnding(JobStatus.FAILED, new JobError(JobError.INTERNAL, "stale"), now, null, null))).isFalse();
        assertThat(api.job(id).json().path("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void concurrentClaimersNeverShareAJob() throws Exception {
        UUID dataset = api.upload("claims.csv", TestData.linearCsv(TestData.linearRows(50, 1)));
        Set<UUID> submitted = new HashSet<>();
        List<ClaimedJob> claimed = new ArrayList<>();
        runner.pause();
        ExecutorService claimers = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 12; i++) {
                submitted.add(api.accepted("{\"datasetId\": \"%s\", \"target\": \"y\"}".formatted(dataset)));
            }
            List<Callable<List<ClaimedJob>>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String instance = "claimer-" + t;
                tasks.add(() -> {
                    List<ClaimedJob> mine = new ArrayList<>();
                    while (true) {
                        Instant now = clock.instant();
                        var job = queue.claim(instance, now, now.plusSeconds(60));
                        if (job.isEmpty()) {
                            return mine;
                        }
                        mine.add(job.get());
                    }
                });
            }
            for (Future<List<ClaimedJob>> f : claimers.invokeAll(tasks)) {
                claimed.addAll(f.get());
            }
        } finally {
            claimers.shutdown();
            for (ClaimedJob job : claimed) {
                if (submitted.contains(job.id())) {
                    queue.finish(job.id(), job.attempt(), new ProgressWrite(List.of(), 0, null, null, null),
                new JobEnding(JobStatus.CANCELLED, null, clock.instant(), null, null));
                } else {
                    queue.release(job.id(), job.attempt()); // another test's job: give it back
                }
            }
            runner.resume();
        }
        List<UUID> ids = claimed.stream().map(ClaimedJob::id).toList();
        assertThat(ids).doesNotHaveDuplicates().containsAll(submitted);
        assertThat(claimed.stream().filter(job -> submitted.contains(job.id()))).allMatch(job -> job.attempt() == 1);
    }

    @Test
    void aReleasedJobGoesBackToTheQueueAndResumesFromItsCheckpoint() {
        UUID dataset = api.upload("release.csv", TestData.linearCsv(TestData.linearRows(5000, 4)));
        UUID id = api.accepted("""
                {"datasetId": "%s", "target": "y",
                 "optimizer": {"algorithm": "sgd", "learningRate": 0.001, "maxIterations": 1000000, "tolerance": 0}}"""
                .formatted(dataset));
        api.awaitProgress(id, TIMEOUT);
        // what shutdown does: checkpoint, hand back; this runner has not stopped, so it claims the job again
        runner.releaseRunning();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (repository.find(id).orElseThrow().attempt() < 2) {
            assertThat(System.nanoTime()).as("job %s not claimed again", id).isLessThan(deadline);
            api.get("/api/v1/jobs/" + id + "?waitSeconds=1");
        }
        JsonNode resumed = api.awaitProgress(id, TIMEOUT);
        assertThat(resumed.path("status").asString()).isEqualTo("RUNNING");
        assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(202);
        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("CANCELLED");
        int iterations = done.path("progress").path("iteration").asInt();
        JsonNode points = api.get("/api/v1/jobs/" + id + "/loss").json().path("points");
        assertThat(points.size()).isEqualTo(Math.min(iterations, 10000));
        for (int i = 0; i < points.size(); i++) {
            assertThat(points.get(i).path("iteration").asInt()).isEqualTo(i);
        }
        assertThat(repository.find(id).orElseThrow().attempt()).isEqualTo(2);
        assertThat(done.path("progress").path("resumes").asInt()).isEqualTo(1);
    }

    @Test
    void anInternalFailureIsRetriedUpToMaxAttemptsThenFails() {
        UUID dataset = api.upload("retry.csv", TestData.linearCsv(TestData.linearRows(50, 2)));
        UUID id;
        runner.pause();
        try {
            id = api.accepted("{\"datasetId\": \"%s\", \"target\": \"y\"}".formatted(dataset));
            // a stored spec the runner cannot plan from: every run fails with an internal error
            assertThat(jdbc.sql("update job set spec = replace(spec, '\"model\":\"linear\"', '\"model\":\"other\"')"
                    + " where id = ? and spec like '%\"model\":\"linear\"%'").param(id).update()).isEqualTo(1);
        } finally {
            runner.resume();
        }
        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("FAILED");
        assertThat(done.path("error").path("code").asString()).isEqualTo("INTERNAL");
        assertThat(done.path("error").path("message").asString()).contains("3 failed runs without progress");
        Job job = repository.find(id).orElseThrow();
        assertThat(job.attempt()).isEqualTo(3);
        assertThat(done.path("progress").path("resumes").asInt()).isEqualTo(2);
    }

    @Test
    void aJobWhoseRunsFailedMaxAttemptsTimesFailsWhenClaimed() {
        UUID dataset = api.upload("lapsed.csv", TestData.linearCsv(TestData.linearRows(50, 3)));
        UUID id;
        runner.pause();
        try {
            id = api.accepted("{\"datasetId\": \"%s\", \"target\": \"y\"}".formatted(dataset));
            // what three runs whose instances died (or lost the database) before their first checkpoint leave
            assertThat(jdbc.sql("update job set failures = 3 where id = ?").param(id).update()).isEqualTo(1);
        } finally {
            runner.resume();
        }
        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("FAILED");
        assertThat(done.path("error").path("code").asString()).isEqualTo("INTERNAL");
        assertThat(done.path("error").path("message").asString()).isEqualTo(JobExecution.givenUpMessage(3));
        assertThat(api.get("/api/v1/jobs/" + id + "/loss").json().path("points").size()).isZero();
    }

    /** Claims job {@code id} as {@code instance}, handing back any older job another test left queued. */
    private ClaimedJob claim(UUID id, String instance, Instant leaseUntil) {
        List<ClaimedJob> others = new ArrayList<>();
        try {
            while (true) {
                ClaimedJob job = queue.claim(instance, clock.instant(), leaseUntil).orElseThrow();
                if (job.id().equals(id)) {
                    return job;
                }
                others.add(job);
            }
        } finally {
            others.forEach(job -> queue.release(job.id(), job.attempt()));
        }
    }
}
