package dev.estimator.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.engine.HoldoutAssignment;
import dev.estimator.job.JobApi;
import dev.estimator.job.TestData;
import tools.jackson.databind.JsonNode;

/** Grid searches over real HTTP and PostgreSQL: scores, the best, divergence, refit, cancel. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SearchTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @LocalServerPort
    int port;

    @Autowired
    SearchReconciler reconciler;

    JobApi api;
    SearchApi searches;

    @BeforeEach
    void client() {
        api = new JobApi(port);
        searches = new SearchApi(api);
    }

    @Test
    void divergingLearningRateFailsAndAFiniteOneIsBestWithIdenticalScoresWhenRepeated() {
        UUID dataset = api.upload("lr.csv", TestData.linearCsv(TestData.linearRows(300, 11)));
        String body = """
                {"name": "tune lr", "folds": 3, "metric": "rmse",
                 "base": {"datasetId": "%s", "target": "y", "optimizer": {"maxIterations": 200}},
                 "grid": {"optimizer.learningRate": [0.01, 0.3, 50]}}""".formatted(dataset);
        JobApi.Response submitted = searches.submit(body);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        UUID id = UUID.fromString(submitted.json().path("id").asString());
        assertThat(submitted.header("Location")).isEqualTo("/api/v1/searches/" + id);
        assertThat(submitted.header("Retry-After")).isNotNull();
        assertThat(submitted.json().path("progress").path("jobsTotal").asInt()).isEqualTo(9);

        JsonNode done = searches.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("metric").asString()).isEqualTo("rmse");
        assertThat(done.path("progress").path("jobsDone").asInt()).isEqualTo(9);
        JsonNode candidates = done.path("candidates");
        assertThat(candidates.size()).isEqualTo(3);
        JsonNode diverged = candidates.get(2);
        assertThat(diverged.path("params").path("optimizer.learningRate").asDouble()).isEqualTo(50.0);
        assertThat(diverged.path("status").asString()).isEqualTo("FAILED");
        assertThat(diverged.path("error").path("code").asString()).isEqualTo("DIVERGED");
        assertThat(diverged.path("mean").isNull()).isTrue();
        for (int c = 0; c < 2; c++) {
            JsonNode candidate = candidates.get(c);
            assertThat(candidate.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(candidate.path("foldScores").size()).isEqualTo(3);
            double mean = 0;
            for (JsonNode s : candidate.path("foldScores")) {
                mean += s.asDouble() / 3;
            }
            assertThat(candidate.path("mean").asDouble()).isCloseTo(mean, within(1e-12));
            assertThat(candidate.path("std").asDouble()).isGreaterThan(0.0);
        }
        // 200 steps of 0.01 are far from the optimum; 0.3 gets there
        assertThat(done.path("best").path("params").path("optimizer.learningRate").asDouble()).isEqualTo(0.3);
        assertThat(done.path("best").path("mean").asDouble()).isEqualTo(candidates.get(1).path("mean").asDouble());
        assertThat(done.path("bestJobId").isNull()).isTrue();
        assertThat(searches.get(id).header("Retry-After")).isNull();

        List<JsonNode> jobs = searches.jobs(id);
        assertThat(jobs).hasSize(9);
        Set<String> folds = new HashSet<>();
        for (JsonNode job : jobs) {
            assertThat(job.path("searchId").asString()).isEqualTo(id.toString());
            JsonNode validation = job.path("spec").path("validation");
            assertThat(validation.path("folds").asInt()).isEqualTo(3);
            folds.add(job.path("spec").path("optimizer").path("learningRate").asDouble() + "/"
                    + validation.path("fold").asInt());
        }
        assertThat(folds).hasSize(9);

        JsonNode again = searches.awaitFinished(searches.accepted(body), TIMEOUT);
        assertThat(again.path("candidates")).isEqualTo(candidates);
        assertThat(again.path("best")).isEqualTo(done.path("best"));
    }

    @Test
    void ridgeGridPicksTheSameL2AsClosedFormRidgeOnTheSameFolds() {
        int n = 60;
        int p = 8;
        Random r = new Random(5);
        double[][] x = new double[n][p];
        double[] y = new double[n];
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < p; j++) {
            csv.append("x").append(j).append(',');
        }
        csv.append("y\n");
        for (int i = 0; i < n; i++) {
            double yi = 1.0;
            for (int j = 0; j < p; j++) {
                x[i][j] = r.nextGaussian();
                yi += (j < 3 ? 0.8 : 0.1) * x[i][j];
                csv.append(TestData.num(x[i][j])).append(',');
            }
            y[i] = yi + 2.0 * r.nextGaussian();
            csv.append(TestData.num(y[i])).append('\n');
        }
        UUID dataset = api.upload("ridge.csv", csv.toString());
        double[] l2s = {0.0, 0.03, 0.3, 3.0};
        UUID id = searches.accepted("""
                {"folds": 5, "metric": "rmse",
                 "base": {"datasetId": "%s", "target": "y", "standardize": false, "validation": {"patience": 0},
                          "optimizer": {"learningRate": 0.2, "maxIterations": 2000, "tolerance": 0}},
                 "grid": {"regularization.l2": [0, 0.03, 0.3, 3]}}""".formatted(dataset));

        // the same folds (the engine's assignment), an independent fit: (XᵀX + n·l2·D) β = Xᵀy, D sparing the intercept
        int[] fold = HoldoutAssignment.folds(y, 5, 42L, false);
        double[] expected = new double[l2s.length];
        for (int c = 0; c < l2s.length; c++) {
            for (int f = 0; f < 5; f++) {
                List<Integer> train = new ArrayList<>();
                List<Integer> valid = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    (fold[i] == f ? valid : train).add(i);
                }
                RealMatrix a = new Array2DRowRealMatrix(p + 1, p + 1);
                RealVector b = new ArrayRealVector(p + 1);
                for (int i : train) {
                    double[] row = row(x[i]);
                    for (int j = 0; j <= p; j++) {
                        b.addToEntry(j, row[j] * y[i]);
                        for (int k = 0; k <= p; k++) {
                            a.addToEntry(j, k, row[j] * row[k]);
                        }
                    }
                }
                for (int j = 1; j <= p; j++) {
                    a.addToEntry(j, j, train.size() * l2s[c]);
                }
                RealVector beta = new LUDecomposition(a).getSolver().solve(b);
                double sse = 0;
                for (int i : valid) {
                    double e = y[i] - beta.dotProduct(new ArrayRealVector(row(x[i])));
                    sse += e * e;
                }
                expected[c] += Math.sqrt(sse / valid.size()) / 5;
            }
        }
        int bestExpected = 0;
        for (int c = 1; c < l2s.length; c++) {
            if (expected[c] < expected[bestExpected]) {
                bestExpected = c;
            }
        }

        JsonNode done = searches.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        for (int c = 0; c < l2s.length; c++) {
            assertThat(done.path("candidates").get(c).path("mean").asDouble()).as("l2 = %s", l2s[c])
                    .isCloseTo(expected[c], within(1e-7));
        }
        assertThat(done.path("best").path("params").path("regularization.l2").asDouble())
                .isEqualTo(l2s[bestExpected]);
        // a grid whose answer is not simply its first or last value
        assertThat(bestExpected).isBetween(1, l2s.length - 2);
    }

    private static double[] row(double[] features) {
        double[] row = new double[features.length + 1];
        row[0] = 1.0;
        System.arraycopy(features, 0, row, 1, features.length);
        return row;
    }

    @Test
    void refitTrainsTheBestCombinationOnAllRowsLikeAPlainJob() {
        UUID dataset = api.upload("refit.csv", TestData.linearCsv(TestData.linearRows(240, 3)));
        String base = """
                {"datasetId": "%s", "target": "y", "optimizer": {"maxIterations": 150, "tolerance": 0%s}}""";
        UUID id = searches.accepted("""
                {"folds": 3, "refit": true, "base": %s,
                 "grid": {"optimizer.learningRate": [0.02, 0.3], "optimizer.update": ["plain", "momentum"]}}"""
                .formatted(base.formatted(dataset, "")));
        JsonNode done = searches.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("progress").path("jobsTotal").asInt()).isEqualTo(13);
        assertThat(done.path("progress").path("jobsDone").asInt()).isEqualTo(13);
        JsonNode best = done.path("best").path("params");
        UUID refit = UUID.fromString(done.path("bestJobId").asString());
        JsonNode refitJob = api.job(refit).json();
        assertThat(refitJob.path("searchId").asString()).isEqualTo(id.toString());
        assertThat(refitJob.path("spec").path("validation").path("folds").isNull()).isTrue();
        assertThat(refitJob.path("spec").path("validation").path("fraction").asDouble()).isEqualTo(0.0);
        assertThat(searches.jobs(id)).hasSize(13);

        UUID plain = api.accepted(base.formatted(dataset, ", \"learningRate\": "
                + best.path("optimizer.learningRate").asDouble() + ", \"update\": \""
                + best.path("optimizer.update").asString() + "\""));
        assertThat(api.awaitFinished(plain, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode expected = api.get("/api/v1/jobs/" + plain + "/result").json();
        JsonNode actual = api.get("/api/v1/jobs/" + refit + "/result").json();
        assertThat(actual.path("trainingRows").asInt()).isEqualTo(240);
        assertThat(actual.path("intercept")).isEqualTo(expected.path("intercept"));
        assertThat(actual.path("coefficients")).isEqualTo(expected.path("coefficients"));
        assertThat(actual.path("finalLoss")).isEqualTo(expected.path("finalLoss"));
    }

    /**
     * A job stopped early keeps the parameters of its best validation loss, so that loss is what the default metric
     * scores: for a logistic model, fold by fold the validation log loss of the job's result.
     */
    @Test
    void theLossOfAnEarlyStoppedFoldIsThatOfTheParametersItKeeps() {
        UUID dataset = api.upload("stopped.csv", TestData.logisticCsv(300, 21));
        String body = """
                {"folds": 3, "metric": "%s",
                 "base": {"datasetId": "%s", "target": "bought", "model": "logistic",
                          "optimizer": {"maxIterations": 300}},
                 "grid": {"optimizer.learningRate": [1, 100]}}""";
        UUID id = searches.accepted(body.formatted("loss", dataset));
        JsonNode loss = searches.awaitFinished(id, TIMEOUT);
        JsonNode logLoss = searches.awaitFinished(searches.accepted(body.formatted("logLoss", dataset)), TIMEOUT);
        assertThat(loss.path("status").asString()).as(loss.toString()).isEqualTo("SUCCEEDED");
        int stoppedEarly = 0;
        for (JsonNode job : searches.jobs(id)) {
            JsonNode result = api.get("/api/v1/jobs/" + job.path("id").asString() + "/result").json();
            stoppedEarly += result.path("stopReason").asString().equals("EARLY_STOPPING") ? 1 : 0;
        }
        assertThat(stoppedEarly).as("jobs stopped early").isPositive();
        for (int c = 0; c < 2; c++) {
            JsonNode scores = loss.path("candidates").get(c).path("foldScores");
            JsonNode expected = logLoss.path("candidates").get(c).path("foldScores");
            assertThat(scores.size()).isEqualTo(3);
            for (int f = 0; f < 3; f++) {
                assertThat(scores.get(f).asDouble()).as("candidate %d fold %d", c, f)
                        .isCloseTo(expected.get(f).asDouble(), within(1e-9));
            }
        }
        assertThat(loss.path("best").path("params")).isEqualTo(logLoss.path("best").path("params"));
    }

    @Test
    void oneFoldIsASingleSplitByTheBaseFraction() {
        UUID dataset = api.upload("split.csv", TestData.logisticCsv(300, 4));
        UUID id = searches.accepted("""
                {"folds": 1, "metric": "auc",
                 "base": {"datasetId": "%s", "target": "bought", "model": "logistic",
                          "validation": {"fraction": 0.25}, "optimizer": {"maxIterations": 50}},
                 "grid": {"optimizer.learningRate": [0.1, 1]}}""".formatted(dataset));
        JsonNode done = searches.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        for (JsonNode candidate : done.path("candidates")) {
            assertThat(candidate.path("foldScores").size()).isEqualTo(1);
            assertThat(candidate.path("mean").asDouble()).isBetween(0.5, 1.0);
            assertThat(candidate.path("std").isNull()).isTrue();
        }
        for (JsonNode job : searches.jobs(id)) {
            assertThat(job.path("spec").path("validation").path("fraction").asDouble()).isEqualTo(0.25);
            assertThat(job.path("spec").path("validation").path("folds").isNull()).isTrue();
        }
    }

    @Test
    void cancelStopsEveryJobOfTheSearch() {
        UUID dataset = api.upload("slow.csv", TestData.linearCsv(TestData.linearRows(2000, 8)));
        UUID id = searches.accepted("""
                {"folds": 3,
                 "base": {"datasetId": "%s", "target": "y", "validation": {"patience": 0}, "maxRuntimeSeconds": 60,
                          "optimizer": {"learningRate": 0.0001, "maxIterations": 100000000, "tolerance": 0}},
                 "grid": {"regularization.l2": [0, 0.1]}}""".formatted(dataset));
        List<JsonNode> jobs = searches.jobs(id);
        assertThat(jobs).hasSize(6);
        // the oldest job runs first
        JsonNode first = jobs.get(jobs.size() - 1);
        assertThat(api.awaitProgress(UUID.fromString(first.path("id").asString()), TIMEOUT).path("status")
                .asString()).isEqualTo("RUNNING");

        JobApi.Response cancelled = searches.cancel(id);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(202);
        assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
        for (JsonNode job : jobs) {
            JsonNode finished = api.awaitFinished(UUID.fromString(job.path("id").asString()), TIMEOUT);
            assertThat(finished.path("status").asString()).as(finished.toString()).isEqualTo("CANCELLED");
        }
        JobApi.Response again = searches.cancel(id);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        JsonNode search = searches.get(id).json();
        assertThat(search.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(search.path("finishedAt").isNull()).isFalse();
        assertThat(search.path("progress").path("jobsDone").asInt()).isEqualTo(6);
        for (JsonNode candidate : search.path("candidates")) {
            assertThat(candidate.path("status").asString()).isEqualTo("CANCELLED");
        }
    }

    @Test
    void aSearchLargerThanTheActiveJobsQuotaQueuesTheRestAsRoomFreesUp() {
        UUID dataset = api.upload("many.csv", TestData.linearCsv(TestData.linearRows(60, 9)));
        String l2 = java.util.stream.IntStream.range(0, 21).mapToObj(i -> String.valueOf(i / 100.0))
                .collect(java.util.stream.Collectors.joining(", "));
        // 105 jobs, over the owner's 100 active jobs (estimator.quotas.active-jobs)
        UUID id = searches.accepted("""
                {"folds": 5, "base": {"datasetId": "%s", "target": "y", "optimizer": {"maxIterations": 1}},
                 "grid": {"regularization.l2": [%s]}}""".formatted(dataset, l2));
        JsonNode done = searches.awaitFinished(id, Duration.ofMinutes(3));
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("progress").path("jobsDone").asInt()).isEqualTo(105);
        assertThat(searches.jobs(id)).hasSize(105);
    }

    @Test
    void anotherOwnersSearchIsAsAbsentAsAnUnknownOne() {
        JobApi.Response key = api.post("/api/v1/keys", "{\"name\": \"searcher-" + UUID.randomUUID()
                .toString().substring(0, 8) + "\", \"role\": \"user\"}");
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        JobApi user = api.as(key.json().path("key").asString());
        SearchApi userSearches = new SearchApi(user);
        UUID dataset = api.upload("owned.csv", TestData.linearCsv(TestData.linearRows(50, 6)));
        String body = """
                {"folds": 2, "base": {"datasetId": "%s", "target": "y", "optimizer": {"maxIterations": 5}},
                 "grid": {"optimizer.learningRate": [0.1]}}""";
        UUID adminSearch = searches.accepted(body.formatted(dataset));
        assertThat(userSearches.get(adminSearch).status()).isEqualTo(404);
        assertThat(userSearches.cancel(adminSearch).status()).isEqualTo(404);
        // the admin's dataset is not the user's either
        assertThat(userSearches.submit(body.formatted(dataset)).errorFields()).containsExactly("base.datasetId");

        UUID userDataset = user.upload("mine.csv", TestData.linearCsv(TestData.linearRows(50, 6)));
        UUID userSearch = userSearches.accepted(body.formatted(userDataset));
        JsonNode listed = user.get("/api/v1/searches?size=100").json();
        assertThat(listed.path("content").findValuesAsString("id")).containsExactly(userSearch.toString());
        JsonNode done = userSearches.awaitFinished(userSearch, TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        for (JsonNode job : userSearches.jobs(userSearch)) {
            assertThat(user.job(UUID.fromString(job.path("id").asString())).status()).isEqualTo(200);
        }
        assertThat(api.get("/api/v1/searches/" + userSearch).status()).as("an administrator sees it").isEqualTo(200);
        searches.awaitFinished(adminSearch, TIMEOUT);
    }

    /**
     * Nothing in memory drives a search: with the reconciler stopped (as if the instance that took the search had
     * died), its jobs finish and the search stays unfinished; one later round over the database finishes it.
     */
    @Test
    void aSearchIsFinishedFromWhatTheDatabaseHolds() {
        UUID dataset = api.upload("restart.csv", TestData.linearCsv(TestData.linearRows(80, 12)));
        reconciler.stop();
        try {
            UUID id = searches.accepted("""
                    {"folds": 2, "refit": true, "base": {"datasetId": "%s", "target": "y",
                     "optimizer": {"maxIterations": 20}}, "grid": {"optimizer.learningRate": [0.1, 0.3]}}"""
                    .formatted(dataset));
            for (JsonNode job : searches.jobs(id)) {
                api.awaitFinished(UUID.fromString(job.path("id").asString()), TIMEOUT);
            }
            // the list shows what is stored, without bringing a search up to date
            assertThat(listed(id).path("status").asString()).isIn("QUEUED", "RUNNING");
            assertThat(listed(id).path("bestJobId").isNull()).isTrue();

            reconciler.reconcileAll();
            UUID refit = UUID.fromString(listed(id).path("bestJobId").asString());
            assertThat(api.awaitFinished(refit, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(listed(id).path("status").asString()).isEqualTo("RUNNING");
            reconciler.reconcileAll();
            assertThat(listed(id).path("status").asString()).isEqualTo("SUCCEEDED");
        } finally {
            reconciler.start();
        }
    }

    private JsonNode listed(UUID id) {
        for (JsonNode search : api.get("/api/v1/searches?size=100").json().path("content")) {
            if (search.path("id").asString().equals(id.toString())) {
                return search;
            }
        }
        throw new AssertionError("search " + id + " is not listed");
    }

    @Test
    void listsSearchesNewestFirst() {
        UUID dataset = api.upload("list.csv", TestData.linearCsv(TestData.linearRows(50, 1)));
        String body = """
                {"folds": 2, "base": {"datasetId": "%s", "target": "y", "optimizer": {"maxIterations": 5}},
                 "grid": {"optimizer.learningRate": [0.1]}}""".formatted(dataset);
        UUID older = searches.accepted(body);
        UUID newer = searches.accepted(body);
        JsonNode page = api.get("/api/v1/searches?page=0&size=2").json();
        assertThat(page.path("content").get(0).path("id").asString()).isEqualTo(newer.toString());
        assertThat(page.path("content").get(1).path("id").asString()).isEqualTo(older.toString());
        assertThat(page.path("page").path("size").asInt()).isEqualTo(2);
        assertThat(page.path("page").path("totalElements").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(api.get("/api/v1/searches?size=0").status()).isEqualTo(400);
        JsonNode done = searches.awaitFinished(newer, TIMEOUT);
        assertThat(done.path("candidates").size()).isEqualTo(1);
        assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
        searches.awaitFinished(older, TIMEOUT);
    }
}
