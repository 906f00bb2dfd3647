package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.engine.Frame;
import dev.estimator.engine.GlmData;
import dev.estimator.engine.GlmReference;
import tools.jackson.databind.JsonNode;

/**
 * Weights, offsets, Gamma and multinomial models through the HTTP API, against references computed in the
 * test (IRLS / Newton with commons-math3 on the same rows), with their predictions and validation errors.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobGlmTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    JobApi api;

    @BeforeEach
    void client() {
        api = new JobApi(port);
    }

    private JsonNode fitted(String spec) {
        UUID id = api.accepted(spec);
        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        return api.get("/api/v1/jobs/" + id + "/result").json();
    }

    private static void assertEstimates(JsonNode coefficients, JsonNode intercept, GlmReference reference) {
        for (int j = 0; j < reference.beta.length; j++) {
            JsonNode c = j < coefficients.size() ? coefficients.get(j) : intercept;
            double expected = reference.beta[j];
            assertThat(c.path("value").asDouble()).as(c.toString())
                    .isCloseTo(expected, within(1e-6 * Math.max(Math.abs(expected), 1e-2)));
            assertThat(c.path("standardError").asDouble())
                    .isCloseTo(reference.standardErrors[j], within(1e-6 * reference.standardErrors[j]));
        }
    }

    @Test
    void poissonRateModelWithExposureOffsetAndPredictions() {
        Frame frame = GlmData.poissonWithExposure(1_200, new double[] {0.4, -0.3, 0.2, -0.5}, 41, false);
        UUID dataset = api.upload("claims.csv", GlmData.csv(frame));
        GlmReference reference = GlmReference.irls(GlmData.rows(frame), GlmData.column(frame, "y"), null,
                GlmData.column(frame, "o"), GlmReference.Family.POISSON);
        for (String algorithm : new String[] {"newton", "lbfgs"}) {
            JsonNode result = fitted("""
                    {"datasetId": "%s", "target": "y", "model": "poisson", "offset": "o",
                     "optimizer": {"algorithm": "%s", "tolerance": 0}}""".formatted(dataset, algorithm));
            assertThat(result.path("offset").asString()).isEqualTo("o");
            assertThat(result.path("statistic").asString()).isEqualTo("z");
            assertThat(result.path("coefficients").size()).isEqualTo(3);
            assertThat(result.path("stopReason").asString()).isEqualTo("TOLERANCE");
            assertEstimates(result.path("coefficients"), result.path("intercept"), reference);
        }
        UUID id = api.accepted("""
                {"datasetId": "%s", "target": "y", "model": "poisson", "offset": "o",
                 "optimizer": {"algorithm": "newton"}}""".formatted(dataset));
        api.awaitFinished(id, TIMEOUT);
        JobApi.Response noOffset = api.post("/api/v1/jobs/" + id + "/predictions",
                "{\"rows\": [{\"x0\": 0.1, \"x1\": 0.2, \"x2\": 0.3}]}");
        assertThat(noOffset.status()).as(noOffset.body()).isEqualTo(400);
        assertThat(noOffset.errorFields()).containsExactly("rows[0].o");
        JsonNode predicted = api.post("/api/v1/jobs/" + id + "/predictions",
                "{\"rows\": [{\"x0\": 0.1, \"x1\": 0.2, \"x2\": 0.3, \"o\": 1.5}]}").json();
        double[] b = reference.beta;
        double expected = Math.exp(b[3] + 0.1 * b[0] + 0.2 * b[1] + 0.3 * b[2] + 1.5);
        assertThat(predicted.path("predictions").get(0).asDouble()).isCloseTo(expected, within(1e-6 * expected));
    }

    @Test
    void gammaWithWeightsHasPearsonDispersionAndTStatistics() {
        Frame frame = GlmData.gamma(900, new double[] {0.5, -0.3, 0.2, 1.0}, 2.0, 43);
        UUID dataset = api.upload("sizes.csv", GlmData.csv(frame));
        GlmReference reference = GlmReference.irls(GlmData.rows(frame), GlmData.column(frame, "y"),
                GlmData.column(frame, "w"), null, GlmReference.Family.GAMMA);
        JsonNode result = fitted("""
                {"datasetId": "%s", "target": "y", "model": "gamma", "weights": "w",
                 "optimizer": {"algorithm": "newton", "partitions": 3, "tolerance": 0}}""".formatted(dataset));
        assertThat(result.path("statistic").asString()).isEqualTo("t");
        assertThat(result.path("weights").asString()).isEqualTo("w");
        assertThat(result.path("metrics").path("train").has("deviance")).isTrue();
        assertThat(result.path("metrics").path("train").has("rmse")).isTrue();
        assertEstimates(result.path("coefficients"), result.path("intercept"), reference);
    }

    @Test
    void threeClassModelWithClassBlocksAndClassPredictions() {
        double[][] truth = {{0.8, -0.5, 0.3}, {-0.6, 0.9, -0.2}};
        Frame frame = GlmData.multinomial(1_500, truth, 47, false);
        UUID dataset = api.upload("classes.csv", GlmData.csv(frame));
        double[] codes = GlmData.column(frame, "y");
        int[] y = new int[codes.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (int) codes[i];
        }
        GlmReference reference = GlmReference.multinomial(GlmData.rows(frame), y, 3, null);
        UUID id = api.accepted("""
                {"datasetId": "%s", "target": "y", "model": "multinomial",
                 "optimizer": {"algorithm": "lbfgs", "tolerance": 0}}""".formatted(dataset));
        assertThat(api.awaitFinished(id, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode result = api.get("/api/v1/jobs/" + id + "/result").json();
        assertThat(result.path("model").asString()).isEqualTo("multinomial");
        assertThat(result.path("referenceClass").asString()).isEqualTo("a");
        assertThat(result.path("intercept").isNull()).isTrue();
        assertThat(result.path("coefficients").isNull()).isTrue();
        assertThat(result.path("statistic").asString()).isEqualTo("z");
        assertThat(result.path("classes").size()).isEqualTo(2);
        assertThat(result.path("metrics").path("train").has("logLoss")).isTrue();
        assertThat(result.path("metrics").path("train").has("accuracy")).isTrue();
        for (int c = 0; c < 2; c++) {
            JsonNode block = result.path("classes").get(c);
            assertThat(block.path("class").asString()).isEqualTo(c == 0 ? "b" : "c");
            GlmReference part = new GlmReference.Slice(reference, c * 3, 3).get();
            assertEstimates(block.path("coefficients"), block.path("intercept"), part);
        }
        JsonNode predictions = api.post("/api/v1/jobs/" + id + "/predictions",
                "{\"rows\": [{\"x0\": 3, \"x1\": -1}, {\"x0\": -3, \"x1\": 3}]}").json().path("predictions");
        assertThat(predictions.get(0).path("class").asString()).isEqualTo("b");
        assertThat(predictions.get(1).path("class").asString()).isEqualTo("c");
        JsonNode probabilities = predictions.get(0).path("probabilities");
        double sum = probabilities.path("a").asDouble() + probabilities.path("b").asDouble()
                + probabilities.path("c").asDouble();
        assertThat(sum).isCloseTo(1.0, within(1e-12));
        double mb = reference.beta[2] + 3 * reference.beta[0] - reference.beta[1];
        double mc = reference.beta[5] + 3 * reference.beta[3] - reference.beta[4];
        double pb = Math.exp(mb) / (1 + Math.exp(mb) + Math.exp(mc));
        assertThat(probabilities.path("b").asDouble()).isCloseTo(pb, within(1e-6));
    }

    @Test
    void searchesOverTheNewModelsUseTheirMetrics() {
        Frame frame = GlmData.multinomial(600, new double[][] {{0.8, -0.5, 0.3}, {-0.6, 0.9, -0.2}}, 53, false);
        UUID dataset = api.upload("search-classes.csv", GlmData.csv(frame));
        JobApi.Response wrong = api.post("/api/v1/searches", """
                {"base": {"datasetId": "%s", "target": "y", "model": "multinomial"},
                 "grid": {"regularization.l2": [0, 0.1]}, "folds": 3, "metric": "auc"}""".formatted(dataset));
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(400);
        assertThat(wrong.errorFields()).containsExactly("metric");
        JobApi.Response ok = api.post("/api/v1/searches", """
                {"base": {"datasetId": "%s", "target": "y", "model": "multinomial",
                          "optimizer": {"algorithm": "lbfgs", "maxIterations": 50}},
                 "grid": {"regularization.l2": [0, 0.1]}, "folds": 3, "metric": "accuracy", "refit": false}"""
                .formatted(dataset));
        assertThat(ok.status()).as(ok.body()).isEqualTo(202);
        UUID search = UUID.fromString(ok.json().path("id").asString());
        JsonNode done = null;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            done = api.get("/api/v1/searches/" + search + "?waitSeconds=5").json();
            if (done.path("status").asString().equals("SUCCEEDED")) {
                break;
            }
        }
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        for (JsonNode candidate : done.path("candidates")) {
            assertThat(candidate.path("foldScores").size()).isEqualTo(3);
            assertThat(candidate.path("mean").asDouble()).isBetween(0.3, 1.0);
        }
    }

    @Test
    void invalidWeightsOffsetsAndTargetsAreNamed() {
        Frame frame = GlmData.poissonWithExposure(60, new double[] {0.4, -0.3, 0.2}, 59, true);
        String csv = GlmData.csv(frame).replaceFirst("\n", ",label\n").replaceAll("(?m)(?<=\\d)$", ",k");
        UUID dataset = api.upload("bad.csv", csv);
        String base = "{\"datasetId\": \"" + dataset + "\", \"target\": \"y\", ";
        ClientInputTestsAccess.assertInvalid(api.submit(base + "\"weights\": \"nope\"}"), "weights");
        ClientInputTestsAccess.assertInvalid(api.submit(base + "\"weights\": \"label\"}"), "weights");
        ClientInputTestsAccess.assertInvalid(api.submit(base + "\"weights\": \"y\"}"), "weights");
        ClientInputTestsAccess.assertInvalid(api.submit(base + "\"offset\": \"o\", \"features\": [\"x0\", \"o\"]}"),
                "offset");
        ClientInputTestsAccess.assertInvalid(api.submit(base + "\"weights\": \"o\"}"), "weights"); // log exposure < 0
        ClientInputTestsAccess.assertInvalid(api.submit(base + "\"model\": \"gamma\"}"), "target"); // counts of 0
        ClientInputTestsAccess.assertInvalid(api.submit(base + "\"model\": \"multinomial\"}"), "target");
        ClientInputTestsAccess.assertInvalid(api.submit(base + "\"optimizer\": {\"algorithm\": \"newton\"}, "
                + "\"regularization\": {\"l1\": 0.1}}"), "optimizer.algorithm");
        ClientInputTestsAccess.assertInvalid(api.submit(base + "\"optimizer\": {\"algorithm\": \"newton\", "
                + "\"parallelMode\": \"model_averaging\"}}"), "optimizer.parallelMode");
        // A design of more parameters than estimator.jobs.newton-max-parameters (1000).
        StringBuilder wide = new StringBuilder("y,a,b\n");
        for (int i = 0; i < 600; i++) {
            wide.append(i % 7).append(",A").append(i).append(",B").append(i).append('\n');
        }
        UUID wideSet = api.upload("wide.csv", wide.toString());
        JobApi.Response tooWide = api.submit("{\"datasetId\": \"" + wideSet + "\", \"target\": \"y\", "
                + "\"optimizer\": {\"algorithm\": \"newton\"}}");
        ClientInputTestsAccess.assertInvalid(tooWide, "optimizer.algorithm");
        assertThat(tooWide.body()).contains("1000").contains("1199");
        // Defaults leave the weights and offset out of the features.
        JsonNode job = api.submit(base + "\"model\": \"poisson\", \"weights\": \"w\", \"offset\": \"o\", "
                + "\"features\": null}").json();
        assertThat(job.path("spec").path("features").toString()).isEqualTo("[\"x0\",\"x1\",\"label\"]");
    }

    /** The same assertion as {@link ClientInputTests}, shared. */
    static final class ClientInputTestsAccess {
        static void assertInvalid(JobApi.Response r, String field) {
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.errorFields()).as(r.body()).containsExactly(field);
        }
    }
}
