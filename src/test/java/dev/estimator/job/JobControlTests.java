package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/** Validation, errors, cancellation, idempotency, the queue bound, divergence, long polls and events. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobControlTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    JobRunner runner;

    @Autowired
    JobService jobs;

    @Autowired
    JobProperties properties;

    @Autowired
    JdbcClient jdbc;

    JobApi api;

    @BeforeEach
    void client() {
        api = new JobApi(port);
    }

    private UUID linearDataset() {
        return api.upload("linear.csv", TestData.linearCsv(TestData.linearRows(200, 3)));
    }

    /** Rows enough that SGD takes milliseconds an epoch: a job that runs while the test acts on it. */
    private UUID slowDataset() {
        return api.upload("slow.csv", TestData.linearCsv(TestData.linearRows(5000, 9)));
    }

    @Test
    void everyInvalidFieldIsNamedAtOnce() {
        JobApi.Response r = api.submit("""
                {"datasetId": "%s", "target": " ", "model": "linearr", "missing": "drop", "huberDelta": 0,
                 "regularization": {"l2": -1, "l1": -0.1},
                 "optimizer": {"algorithm": "gd", "update": "sometimes", "learningRate": 0, "schedule": "weekly",
                               "batchSize": 0, "maxIterations": 0, "tolerance": -1, "partitions": 2000,
                               "parallelMode": "model_averaging"},
                 "validation": {"fraction": 0.9, "patience": -1}, "maxRuntimeSeconds": 0}"""
                .formatted(UUID.randomUUID()));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.errorFields()).containsExactlyInAnyOrder("datasetId", "target", "model", "missing", "huberDelta",
                "regularization.l2", "regularization.l1", "optimizer.update", "optimizer.learningRate",
                "optimizer.schedule", "optimizer.batchSize", "optimizer.maxIterations", "optimizer.tolerance",
                "optimizer.partitions", "optimizer.parallelMode", "validation.fraction", "validation.patience",
                "maxRuntimeSeconds");
        assertThat(r.json().path("errors").toString()).contains("one of linear, logistic, poisson, huber");

        assertThat(api.submit("{}").errorFields()).containsExactlyInAnyOrder("datasetId", "target");
        assertThat(api.submit("{\"datasetId\": \"nope\", \"target\": \"y\"}").errorFields()).containsExactly("datasetId");
    }

    @Test
    void columnsAreCheckedAgainstTheDataset() {
        UUID dataset = linearDataset();
        JobApi.Response r = api.submit("""
                {"datasetId": "%s", "target": "c", "features": ["x1", "nope", "c", "x1"]}""".formatted(dataset));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorFields()).containsExactly("target", "features[1]", "features[2]", "features[3]");
        assertThat(r.json().path("errors").get(0).path("message").asString()).contains("categorical");

        assertThat(api.submit("{\"datasetId\": \"%s\", \"target\": \"y\", \"model\": \"logistic\"}"
                .formatted(dataset)).errorFields()).containsExactly("target");
        assertThat(api.submit("{\"datasetId\": \"%s\", \"target\": \"y\", \"model\": \"poisson\"}"
                .formatted(dataset)).errorFields()).containsExactly("target");
        assertThat(api.submit("{\"datasetId\": \"%s\", \"target\": \"nope\"}".formatted(dataset)).errorFields())
                .containsExactly("target");
        assertThat(api.submit("{\"datasetId\": \"%s\", \"target\": \"y\", \"features\": []}".formatted(dataset))
                .errorFields()).containsExactly("features");

        String folds = "{\"datasetId\": \"%s\", \"target\": \"y\", \"validation\": %s}";
        assertThat(api.submit(folds.formatted(dataset, "{\"folds\": 1, \"fold\": 0}")).errorFields())
                .containsExactly("validation.folds");
        assertThat(api.submit(folds.formatted(dataset, "{\"folds\": 5, \"fold\": 5}")).errorFields())
                .containsExactly("validation.fold");
        assertThat(api.submit(folds.formatted(dataset, "{\"folds\": 5}")).errorFields())
                .containsExactly("validation.fold");
        assertThat(api.submit(folds.formatted(dataset, "{\"fold\": 1}")).errorFields())
                .containsExactly("validation.fold");
        assertThat(api.submit(folds.formatted(dataset, "{\"fraction\": 0.2, \"folds\": 5, \"fold\": 0}"))
                .errorFields()).containsExactly("validation.fraction");

        // a fold spec is accepted and echoed as given
        JobApi.Response fold = api.submit(folds.formatted(dataset, "{\"folds\": 4, \"fold\": 3}"));
        assertThat(fold.status()).as(fold.body()).isEqualTo(202);
        assertThat(fold.json().path("spec").path("validation").path("folds").asInt()).isEqualTo(4);
        assertThat(api.awaitFinished(UUID.fromString(fold.json().path("id").asString()), TIMEOUT)
                .path("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void unknownFieldsAndMalformedValuesAreRefused() {
        UUID dataset = linearDataset();
        JobApi.Response unknown = api.submit("{\"datasetId\": \"%s\", \"target\": \"y\", \"optimiser\": {}}"
                .formatted(dataset));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorFields()).containsExactly("optimiser");

        JobApi.Response nested = api.submit("{\"datasetId\": \"%s\", \"target\": \"y\", \"optimizer\": {\"lr\": 1}}"
                .formatted(dataset));
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.errorFields()).containsExactly("optimizer.lr");

        JobApi.Response type = api.submit("""
                {"datasetId": "%s", "target": "y", "optimizer": {"maxIterations": "many"}}""".formatted(dataset));
        assertThat(type.status()).isEqualTo(400);
        assertThat(type.errorFields()).containsExactly("optimizer.maxIterations");

        assertThat(api.submit("{\"datasetId\": ").status()).isEqualTo(400);
    }

    @Test
    void unknownAndMalformedIds() {
        UUID unknown = UUID.randomUUID();
        for (String path : List.of("", "/loss", "/result", "/events")) {
            JobApi.Response r = api.get("/api/v1/jobs/" + unknown + path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.json().path("type").asString()).endsWith("/not-found");
        }
        assertThat(api.post("/api/v1/jobs/" + unknown + "/cancel", "").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/jobs/" + unknown + "/predictions", "{\"rows\": [{}]}").status()).isEqualTo(404);
        JobApi.Response malformed = api.get("/api/v1/jobs/not-a-uuid");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorFields()).containsExactly("id");
        assertThat(api.get("/api/v1/jobs?datasetId=zzz").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/jobs?status=SLEEPING").errorFields()).containsExactly("status");
        assertThat(api.get("/api/v1/jobs?size=0").errorFields()).containsExactly("size");
    }

    @Test
    void aQueuedJobIsCancelledAtOnceAndHasNoResult() {
        UUID dataset = linearDataset();
        runner.pause();
        UUID id;
        try {
            id = api.accepted("{\"datasetId\": \"%s\", \"target\": \"y\"}".formatted(dataset));
            JobApi.Response result = api.get("/api/v1/jobs/" + id + "/result");
            assertThat(result.status()).isEqualTo(409);
            assertThat(result.header("Retry-After")).isNotNull();
            assertThat(api.post("/api/v1/jobs/" + id + "/predictions", "{\"rows\": [{\"x1\": 1}]}").status())
                    .isEqualTo(409);

            JobApi.Response cancelled = api.post("/api/v1/jobs/" + id + "/cancel", "");
            assertThat(cancelled.status()).isEqualTo(202);
            assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
            assertThat(cancelled.json().path("finishedAt").isNull()).isFalse();
        } finally {
            runner.resume();
        }
        assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(409);
        assertThat(api.get("/api/v1/jobs/" + id + "/result").status()).isEqualTo(409);
        assertThat(api.get("/api/v1/jobs/" + id + "?waitSeconds=10").json().path("status").asString())
                .isEqualTo("CANCELLED");

        JsonNode listed = api.get("/api/v1/jobs?status=cancelled&datasetId=" + dataset + "&size=5").json();
        assertThat(listed.path("content").get(0).path("id").asString()).isEqualTo(id.toString());
        assertThat(listed.path("page").path("totalElements").asLong()).isEqualTo(1);
        assertThat(listed.path("page").path("size").asInt()).isEqualTo(5);
    }

    @Test
    void aRunningJobStopsWithinAnIterationAndKeepsItsHistory() {
        UUID dataset = slowDataset();
        UUID id = api.accepted("""
                {"datasetId": "%s", "target": "y",
                 "optimizer": {"algorithm": "sgd", "learningRate": 0.001, "maxIterations": 1000000, "tolerance": 0}}"""
                .formatted(dataset));
        JsonNode running = api.awaitProgress(id, TIMEOUT);
        assertThat(running.path("status").asString()).isEqualTo("RUNNING");
        assertThat(api.get("/api/v1/jobs/" + id + "/result").status()).isEqualTo(409);

        JobApi.Response cancel = api.post("/api/v1/jobs/" + id + "/cancel", "");
        assertThat(cancel.status()).isEqualTo(202);
        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("CANCELLED");
        int iterations = done.path("progress").path("iteration").asInt();
        assertThat(iterations).isPositive().isLessThan(1000000);
        JsonNode points = api.get("/api/v1/jobs/" + id + "/loss").json().path("points");
        assertThat(points.size()).isEqualTo(Math.min(iterations, 10000));
        for (int i = 0; i < points.size(); i++) {
            assertThat(points.get(i).path("iteration").asInt()).isEqualTo(i);
        }
        assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(409);
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheEarlierJob() {
        UUID dataset = linearDataset();
        String spec = "{\"datasetId\": \"%s\", \"target\": \"y\", \"optimizer\": {\"maxIterations\": 20}}"
                .formatted(dataset);
        String key = "test-" + UUID.randomUUID();
        JobApi.Response first = api.submit(spec, key);
        assertThat(first.status()).isEqualTo(202);
        JobApi.Response again = api.submit(spec, key);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
        JobApi.Response other = api.submit(spec, key + "-other");
        assertThat(other.status()).isEqualTo(202);
        assertThat(other.json().path("id").asString()).isNotEqualTo(first.json().path("id").asString());
    }

    @Test
    void aFullQueueAnswers429WithRetryAfter() {
        UUID dataset = linearDataset();
        jobs.maxQueued(0);
        try {
            JobApi.Response r = api.submit("{\"datasetId\": \"%s\", \"target\": \"y\"}".formatted(dataset));
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.header("Retry-After")).isEqualTo("5");
            assertThat(r.json().path("type").asString()).endsWith("/queue-full");
        } finally {
            jobs.maxQueued(properties.maxQueued());
        }
    }

    @Test
    void aHugeLearningRateDiverges() {
        UUID dataset = linearDataset();
        UUID id = api.accepted("""
                {"datasetId": "%s", "target": "y", "standardize": false, "optimizer": {"learningRate": 1000}}"""
                .formatted(dataset));
        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("FAILED");
        assertThat(done.path("error").path("code").asString()).isEqualTo("DIVERGED");
        assertThat(done.path("error").path("message").asString()).contains("iteration").contains("learningRate");
        // deterministic: another run would diverge the same way, so there is none
        assertThat(jdbc.sql("select attempt from job where id = ?").param(id).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void eventsStreamProgressThenOneStatusEvent() throws Exception {
        UUID dataset = slowDataset();
        UUID id = api.accepted("""
                {"datasetId": "%s", "target": "y", "maxRuntimeSeconds": 1.5,
                 "optimizer": {"algorithm": "sgd", "learningRate": 0.001, "maxIterations": 1000000, "tolerance": 0}}"""
                .formatted(dataset));
        long start = System.nanoTime();
        HttpResponse<java.util.stream.Stream<String>> stream = api.stream("/api/v1/jobs/" + id + "/events");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> events = new ArrayList<>();
        List<String> data = new ArrayList<>();
        stream.body().forEach(line -> {
            if (line.startsWith("event:")) {
                events.add(line.substring(6).trim());
            } else if (line.startsWith("data:")) {
                data.add(line.substring(5).trim());
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        long progress = events.stream().filter("progress"::equals).count();
        assertThat(progress).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo((long) (seconds * 12) + 3);
        assertThat(events.get(events.size() - 1)).isEqualTo("status");
        assertThat(events.stream().filter("status"::equals).count()).isEqualTo(1);
        JsonNode status = JobApi.JSON.readTree(data.get(data.size() - 1));
        assertThat(status.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(JobApi.JSON.readTree(data.get(0)).has("iteration")).isTrue();
        assertThat(api.get("/api/v1/jobs/" + id + "/result").json().path("stopReason").asString())
                .isEqualTo("TIME_LIMIT");

        // a finished job's stream holds its status event only
        String finished = api.get("/api/v1/jobs/" + id + "/events").body();
        assertThat(finished.lines().filter(l -> l.startsWith("event:")).collect(Collectors.toList()))
                .containsExactly("event:status");
    }

    @Test
    void aLongPollReturnsAsSoonAsTheJobStarts() throws Exception {
        UUID dataset = linearDataset();
        runner.pause();
        UUID id;
        CompletableFuture<JobApi.Response> poll;
        try {
            id = api.accepted("{\"datasetId\": \"%s\", \"target\": \"y\"}".formatted(dataset));
            poll = CompletableFuture.supplyAsync(() -> api.get("/api/v1/jobs/" + id + "?waitSeconds=20"));
            Thread.sleep(300);
            assertThat(poll).isNotDone();
        } finally {
            runner.resume();
        }
        long resumed = System.nanoTime();
        JobApi.Response r = poll.get();
        double seconds = (System.nanoTime() - resumed) / 1e9;
        assertThat(r.json().path("status").asString()).isIn("RUNNING", "SUCCEEDED");
        assertThat(seconds).isLessThan(5.0);

        JsonNode done = api.awaitFinished(id, TIMEOUT);
        long before = System.nanoTime();
        JobApi.Response immediate = api.get("/api/v1/jobs/" + id + "?waitSeconds=30");
        assertThat((System.nanoTime() - before) / 1e9).isLessThan(2.0);
        assertThat(immediate.json().path("status").asString()).isEqualTo(done.path("status").asString());
    }

    @Test
    void aDatasetIsInUseWhileAJobWaitsAndAJobWhoseDatasetVanishedFails() {
        UUID dataset = linearDataset();
        UUID id;
        runner.pause();
        try {
            id = api.accepted("{\"datasetId\": \"%s\", \"target\": \"y\"}".formatted(dataset));
            assertThat(api.delete("/api/v1/datasets/" + dataset).status()).isEqualTo(409);
            // gone behind the API's back, as in a race between a delete and a submission
            jdbc.sql("delete from dataset where id = ?").params(dataset).update();
        } finally {
            runner.resume();
        }
        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("FAILED");
        assertThat(done.path("error").path("code").asString()).isEqualTo("DATASET_GONE");
        assertThat(done.path("error").path("message").asString()).contains(dataset.toString());
    }

    @Test
    void predictionsOutliveTheDatasetAndMetricsArePublished() {
        UUID dataset = linearDataset();
        UUID id = api.accepted("{\"datasetId\": \"%s\", \"target\": \"y\", \"features\": [\"x1\"]}"
                .formatted(dataset));
        assertThat(api.awaitFinished(id, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.delete("/api/v1/datasets/" + dataset).status()).isEqualTo(204);
        JobApi.Response predicted = api.post("/api/v1/jobs/" + id + "/predictions", "{\"rows\": [{\"x1\": 2}]}");
        assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        assertThat(predicted.json().path("predictions").get(0).isNumber()).isTrue();
        assertThat(api.get("/api/v1/jobs/" + id + "/result").status()).isEqualTo(200);

        String prometheus = api.get("/actuator/prometheus").body();
        assertThat(prometheus).contains("estimator_jobs_submitted_total", "estimator_jobs_iterations_total",
                "estimator_jobs_finished_total{status=\"SUCCEEDED\"}", "estimator_jobs_duration_seconds_count",
                "estimator_jobs_rows_per_second_count", "estimator_jobs_queued", "estimator_jobs_running");
    }
}
