package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/** Upload → submit → poll → loss history → result → predictions, for each model, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobFitTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    JobApi api;

    @BeforeEach
    void client() {
        api = new JobApi(port);
    }

    @Test
    void linearFitEqualsOrdinaryLeastSquaresWithHistoryAndPredictions() {
        double[][] rows = TestData.linearRows(400, 7);
        UUID dataset = api.upload("linear.csv", TestData.linearCsv(rows));

        JobApi.Response submitted = api.submit("""
                {"datasetId": "%s", "name": "ols", "target": "y",
                 "optimizer": {"learningRate": 0.3, "maxIterations": 3000, "tolerance": 0}}""".formatted(dataset));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = submitted.json();
        UUID id = UUID.fromString(job.path("id").asString());
        assertThat(submitted.header("Location")).isEqualTo("/api/v1/jobs/" + id);
        assertThat(submitted.header("Retry-After")).isNotNull();
        assertThat(job.path("status").asString()).isEqualTo("QUEUED");
        assertThat(job.path("name").asString()).isEqualTo("ols");
        assertThat(job.path("links").path("result").asString()).isEqualTo("/api/v1/jobs/" + id + "/result");
        JsonNode spec = job.path("spec");
        assertThat(spec.path("features").toString()).isEqualTo("[\"x1\",\"x2\",\"c\"]");
        assertThat(spec.path("model").asString()).isEqualTo("linear");
        assertThat(spec.path("missing").asString()).isEqualTo("error");
        assertThat(spec.path("fitIntercept").asBoolean()).isTrue();
        assertThat(spec.path("huberDelta").asDouble()).isEqualTo(1.0);
        assertThat(spec.path("regularization").path("l2").asDouble()).isEqualTo(0.0);
        assertThat(spec.path("optimizer").path("algorithm").asString()).isEqualTo("gd");
        assertThat(spec.path("optimizer").path("schedule").asString()).isEqualTo("constant");
        assertThat(spec.path("optimizer").path("parallelMode").asString()).isEqualTo("gradient");
        assertThat(spec.path("optimizer").path("partitions").asInt()).isEqualTo(8);
        assertThat(spec.path("optimizer").path("batchSize").asInt()).isEqualTo(256);
        assertThat(spec.path("validation").path("patience").asInt()).isEqualTo(10);
        assertThat(spec.path("seed").asLong()).isEqualTo(42L);
        assertThat(spec.path("maxRuntimeSeconds").isNull()).isTrue();

        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("progress").path("iteration").asInt()).isEqualTo(3000);
        assertThat(done.path("startedAt").isNull()).isFalse();
        assertThat(done.path("finishedAt").isNull()).isFalse();
        assertThat(done.path("error").isNull()).isTrue();
        assertThat(api.job(id).header("Retry-After")).isNull();

        JsonNode loss = api.get("/api/v1/jobs/" + id + "/loss").json();
        assertThat(loss.path("points").size()).isEqualTo(3000);
        long elapsed = 0;
        for (int i = 0; i < 3000; i++) {
            JsonNode p = loss.path("points").get(i);
            assertThat(p.path("iteration").asInt()).isEqualTo(i);
            assertThat(p.path("validationLoss").isNull()).isTrue();
            assertThat(p.path("learningRate").asDouble()).isEqualTo(0.3);
            assertThat(p.path("elapsedMs").asLong()).isGreaterThanOrEqualTo(elapsed);
            elapsed = p.path("elapsedMs").asLong();
        }
        JsonNode page = api.get("/api/v1/jobs/" + id + "/loss?from=2990&limit=5").json();
        assertThat(page.path("points").size()).isEqualTo(5);
        assertThat(page.path("points").get(0).path("iteration").asInt()).isEqualTo(2990);

        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        double[] y = new double[rows.length];
        double[][] x = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            y[i] = rows[i][3];
            x[i] = new double[] {rows[i][0], rows[i][1], rows[i][2] == 1 ? 1 : 0, rows[i][2] == 2 ? 1 : 0};
        }
        ols.newSampleData(y, x);
        double[] beta = ols.estimateRegressionParameters();
        double[] se = ols.estimateRegressionParametersStandardErrors();

        JsonNode result = api.get("/api/v1/jobs/" + id + "/result").json();
        assertThat(result.path("jobId").asString()).isEqualTo(id.toString());
        assertThat(result.path("model").asString()).isEqualTo("linear");
        assertThat(result.path("iterations").asInt()).isEqualTo(3000);
        assertThat(result.path("stopReason").asString()).isEqualTo("MAX_ITERATIONS");
        assertThat(result.path("converged").asBoolean()).isFalse();
        assertThat(result.path("trainingRows").asInt()).isEqualTo(400);
        assertThat(result.path("skippedRows").asInt()).isEqualTo(0);
        assertThat(result.path("statistic").asString()).isEqualTo("t");
        assertThat(result.path("durationMs").isNumber()).isTrue();
        JsonNode intercept = result.path("intercept");
        assertThat(intercept.path("name").asString()).isEqualTo("(intercept)");
        assertThat(intercept.path("value").asDouble()).isCloseTo(beta[0], within(1e-6));
        assertThat(intercept.path("standardError").asDouble()).isCloseTo(se[0], within(1e-6));
        Map<String, JsonNode> coefficients = byName(result.path("coefficients"));
        assertThat(coefficients.keySet()).containsExactly("x1", "x2", "c=b", "c=c");
        String[] names = {"x1", "x2", "c=b", "c=c"};
        for (int j = 0; j < names.length; j++) {
            JsonNode c = coefficients.get(names[j]);
            assertThat(c.path("value").asDouble()).as(names[j]).isCloseTo(beta[j + 1], within(1e-6));
            assertThat(c.path("standardError").asDouble()).as(names[j]).isCloseTo(se[j + 1], within(1e-6));
            assertThat(c.path("ci95").size()).isEqualTo(2);
            assertThat(c.path("ci95").get(0).asDouble()).isLessThan(c.path("value").asDouble());
            assertThat(c.path("pValue").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(result.path("metrics").path("train").path("r2").asDouble()).isGreaterThan(0.9);
        assertThat(result.path("metrics").path("train").has("rmse")).isTrue();
        assertThat(result.path("metrics").path("validation").isNull()).isTrue();

        JobApi.Response predicted = api.post("/api/v1/jobs/" + id + "/predictions", """
                {"rows": [{"x1": 1, "x2": 2, "c": "b"}, {"x1": -0.5, "x2": "4.5", "c": "a", "y": 3}]}""");
        assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        JsonNode predictions = predicted.json().path("predictions");
        assertThat(predictions.get(0).asDouble()).isCloseTo(beta[0] + beta[1] + 2 * beta[2] + beta[3], within(1e-6));
        assertThat(predictions.get(1).asDouble()).isCloseTo(beta[0] - 0.5 * beta[1] + 4.5 * beta[2], within(1e-6));

        JobApi.Response bad = api.post("/api/v1/jobs/" + id + "/predictions", """
                {"rows": [{"x1": 1, "x2": 2, "c": "b"}, {"x1": 1, "x2": 2, "c": "zzz"}, {"x1": 1, "c": "a"},
                          {"x1": 1, "x2": 2, "c": "a", "bogus": 3}, {"x1": "many", "x2": 2, "c": "a"}]}""");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.errorFields()).containsExactly("rows[1].c", "rows[2].x2", "rows[3].bogus", "rows[4].x1");
    }

    @Test
    void logisticWithATwoLevelCategoricalTarget() {
        UUID dataset = api.upload("logistic.csv", TestData.logisticCsv(600, 11));
        UUID id = api.accepted("""
                {"datasetId": "%s", "target": "bought", "model": "logistic", "validation": {"fraction": 0.2},
                 "optimizer": {"learningRate": 1.0, "maxIterations": 2000, "tolerance": 1e-12}}""".formatted(dataset));
        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("progress").path("validationLoss").isNumber()).isTrue();

        JsonNode result = api.get("/api/v1/jobs/" + id + "/result").json();
        assertThat(result.path("statistic").asString()).isEqualTo("z");
        assertThat(result.path("trainingRows").asInt()).isEqualTo(480);
        assertThat(result.path("validationRows").asInt()).isEqualTo(120);
        Map<String, JsonNode> c = byName(result.path("coefficients"));
        // "yes" sorts after "no": it is the positive class, so the signs are those of the generating model
        assertThat(c.get("x1").path("value").asDouble()).isCloseTo(1.2, within(0.4));
        assertThat(c.get("x2").path("value").asDouble()).isCloseTo(-0.8, within(0.4));
        JsonNode validation = result.path("metrics").path("validation");
        assertThat(validation.path("accuracy").asDouble()).isGreaterThan(0.6);
        assertThat(validation.path("auc").asDouble()).isGreaterThan(0.7);
        assertThat(validation.has("logLoss")).isTrue();
        assertThat(api.get("/api/v1/jobs/" + id + "/loss").json().path("points").get(0).path("validationLoss")
                .isNumber()).isTrue();

        JsonNode p = api.post("/api/v1/jobs/" + id + "/predictions", """
                {"rows": [{"x1": 3, "x2": -3}, {"x1": -3, "x2": 3}]}""").json().path("predictions");
        assertThat(p.get(0).asDouble()).isBetween(0.9, 1.0);
        assertThat(p.get(1).asDouble()).isBetween(0.0, 0.1);
    }

    @Test
    void poissonRegressionOfCounts() {
        UUID dataset = api.upload("counts.csv", TestData.poissonCsv(1000, 5));
        UUID id = api.accepted("""
                {"datasetId": "%s", "target": "count", "model": "poisson",
                 "optimizer": {"learningRate": 0.2, "maxIterations": 3000, "tolerance": 1e-12}}""".formatted(dataset));
        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        JsonNode result = api.get("/api/v1/jobs/" + id + "/result").json();
        assertThat(result.path("model").asString()).isEqualTo("poisson");
        assertThat(result.path("statistic").asString()).isEqualTo("z");
        assertThat(result.path("intercept").path("value").asDouble()).isCloseTo(0.3, within(0.15));
        assertThat(byName(result.path("coefficients")).get("x1").path("value").asDouble()).isCloseTo(0.5, within(0.2));
        assertThat(result.path("metrics").path("train").path("deviance").asDouble()).isPositive();
        double mean = api.post("/api/v1/jobs/" + id + "/predictions", "{\"rows\": [{\"x1\": 0}]}").json()
                .path("predictions").get(0).asDouble();
        assertThat(mean).isCloseTo(Math.exp(result.path("intercept").path("value").asDouble()), within(1e-9));
    }

    @Test
    void eachMissingValuePolicy() {
        StringBuilder csv = new StringBuilder("x,g,y\n");
        for (int i = 0; i < 50; i++) {
            String x = i % 10 == 3 ? "" : Integer.toString(i % 7);
            String g = i == 20 ? "NA" : (i % 2 == 0 ? "even" : "odd");
            csv.append(x).append(',').append(g).append(',').append(i % 5).append('\n');
        }
        UUID dataset = api.upload("gaps.csv", csv.toString());
        String spec = """
                {"datasetId": "%s", "target": "y", "missing": "%s", "optimizer": {"maxIterations": 50}}""";

        UUID error = api.accepted(spec.formatted(dataset, "error"));
        JsonNode failed = api.awaitFinished(error, TIMEOUT);
        assertThat(failed.path("status").asString()).isEqualTo("FAILED");
        assertThat(failed.path("error").path("code").asString()).isEqualTo("MISSING_VALUES");
        assertThat(failed.path("error").path("message").asString()).contains("'x'").contains("row 4");

        UUID skip = api.accepted(spec.formatted(dataset, "skip"));
        assertThat(api.awaitFinished(skip, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode skipped = api.get("/api/v1/jobs/" + skip + "/result").json();
        assertThat(skipped.path("skippedRows").asInt()).isEqualTo(6);
        assertThat(skipped.path("trainingRows").asInt()).isEqualTo(44);

        UUID impute = api.accepted(spec.formatted(dataset, "impute_mean"));
        assertThat(api.awaitFinished(impute, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode imputed = api.get("/api/v1/jobs/" + impute + "/result").json();
        assertThat(imputed.path("skippedRows").asInt()).isEqualTo(0);
        assertThat(imputed.path("trainingRows").asInt()).isEqualTo(50);
        assertThat(byName(imputed.path("coefficients")).keySet()).containsExactly("x", "g=odd");
    }

    @Test
    void huberWithoutInterceptAndWithAPenaltyHasNoInference() {
        UUID dataset = api.upload("huber.csv", TestData.linearCsv(TestData.linearRows(300, 13)));
        UUID id = api.accepted("""
                {"datasetId": "%s", "target": "y", "model": "huber", "huberDelta": 2.0, "fitIntercept": false,
                 "regularization": {"l2": 0.01}, "optimizer": {"update": "adam", "maxIterations": 300}}"""
                .formatted(dataset));
        assertThat(api.awaitFinished(id, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode result = api.get("/api/v1/jobs/" + id + "/result").json();
        assertThat(result.path("model").asString()).isEqualTo("huber");
        assertThat(result.path("intercept").isNull()).isTrue();
        assertThat(result.path("statistic").isNull()).isTrue();
        Map<String, JsonNode> c = byName(result.path("coefficients"));
        // without an intercept no level is the baseline
        assertThat(c.keySet()).containsExactly("x1", "x2", "c=a", "c=b", "c=c");
        assertThat(c.get("x1").path("standardError").isNull()).isTrue();
        assertThat(c.get("x1").path("ci95").isNull()).isTrue();
        assertThat(c.get("x1").path("value").asDouble()).isCloseTo(2.0, within(0.3));
    }

    static Map<String, JsonNode> byName(JsonNode coefficients) {
        Map<String, JsonNode> map = new java.util.LinkedHashMap<>();
        coefficients.forEach(c -> map.put(c.path("name").asString(), c));
        return map;
    }
}
