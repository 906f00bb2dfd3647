package dev.estimator.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.job.JobApi;
import dev.estimator.job.TestData;

/** Invalid searches are refused with problem details naming the path, value or metric, and queue nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SearchValidationTests {

    @LocalServerPort
    int port;

    JobApi api;
    SearchApi searches;
    UUID dataset;

    @BeforeEach
    void client() {
        api = new JobApi(port);
        searches = new SearchApi(api);
        dataset = api.upload("valid.csv", TestData.linearCsv(TestData.linearRows(40, 2)));
    }

    private JobApi.Response submit(String grid, String extra) {
        return searches.submit("""
                {"base": {"datasetId": "%s", "target": "y"}, "grid": %s%s}""".formatted(dataset, grid, extra));
    }

    private static void assertProblem(JobApi.Response r, String... fields) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.errorFields()).as(r.body()).containsExactly(fields);
    }

    @Test
    void badPathsAreNamed() {
        assertProblem(submit("{\"optimizer.speed\": [1]}", ""), "grid.optimizer.speed");
        assertProblem(submit("{\"target\": [\"x1\"]}", ""), "grid.target");
        JobApi.Response seed = submit("{\"seed\": [1, 2]}", "");
        assertProblem(seed, "grid.seed");
        assertThat(seed.body()).contains("base.seed");
        assertProblem(submit("{\"validation.fold\": [0]}", ""), "grid.validation.fold");
        assertProblem(submit("{\"regularization.l2\": []}", ""), "grid.regularization.l2");
    }

    @Test
    void badValuesAreNamedWithTheJobSpecsOwnMessages() {
        assertProblem(submit("{\"optimizer.learningRate\": [0.1, \"fast\"], \"optimizer.partitions\": [2, 1.5]}", ""),
                "grid.optimizer.learningRate[1]", "grid.optimizer.partitions[1]");
        JobApi.Response r = submit("{\"optimizer.learningRate\": [0.1, -1], "
                + "\"optimizer.update\": [\"adam\", \"bogus\"], \"optimizer.partitions\": [2, 2000]}", "");
        assertProblem(r, "grid.optimizer.learningRate[1]", "grid.optimizer.update[1]", "grid.optimizer.partitions[1]");
        assertThat(r.body()).contains("must be greater than 0 (got -1)").contains("expected one of plain");
        assertProblem(submit("{\"regularization.l2\": [0.1, 0.1]}", ""), "grid.regularization.l2[1]");
        // A whole-number field takes 2, not 2.0, as the job spec does ({"optimizer": {"partitions": 2.0}} is a 400).
        JobApi.Response fraction = submit("{\"optimizer.partitions\": [2, 4.0], \"optimizer.batchSize\": [8.0, 16]}",
                "");
        assertProblem(fraction, "grid.optimizer.partitions[1]", "grid.optimizer.batchSize[0]");
        assertThat(fraction.body()).contains("must be a whole number");
        JobApi.Response spec = api.post("/api/v1/jobs", """
                {"datasetId": "%s", "target": "y", "optimizer": {"partitions": 4.0}}""".formatted(dataset));
        assertThat(spec.status()).as(spec.body()).isEqualTo(400);
        assertThat(spec.body()).contains("optimizer.partitions");
        // fine one at a time, invalid together
        JobApi.Response together = searches.submit("""
                {"base": {"datasetId": "%s", "target": "y", "optimizer": {"algorithm": "sgd"}},
                 "grid": {"optimizer.algorithm": ["sgd", "gd"], "optimizer.parallelMode": ["gradient", "model_averaging"]}}"""
                .formatted(dataset));
        assertProblem(together, "grid");
        assertThat(together.body()).contains("model_averaging needs optimizer.algorithm sgd or minibatch");
    }

    @Test
    void metricMustFitTheModel() {
        String lr = "{\"optimizer.learningRate\": [0.1]}";
        JobApi.Response auc = submit(lr, ", \"metric\": \"auc\"");
        assertProblem(auc, "metric");
        assertThat(auc.body()).contains("does not fit model linear").contains("rmse");
        assertProblem(submit("{\"model\": [\"linear\", \"logistic\"]}", ", \"metric\": \"rmse\""), "metric");
        assertProblem(submit(lr, ", \"metric\": \"precision\""), "metric");
        JobApi.Response r2 = searches.submit("""
                {"metric": "r2", "base": {"datasetId": "%s", "target": "c", "features": ["x1"], "model": "logistic"},
                 "grid": {"optimizer.learningRate": [0.1]}}""".formatted(
                api.upload("classes.csv", "x1,c\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n")));
        assertProblem(r2, "metric");
        assertThat(r2.body()).contains("does not fit model logistic").contains("auc");
    }

    @Test
    void gridsOverTheJobLimitAreRefused() {
        String values = IntStream.range(1, 102).mapToObj(i -> String.valueOf(i / 1000.0)).collect(Collectors.joining(", "));
        JobApi.Response r = submit("{\"regularization.l2\": [" + values + "]}", "");
        assertProblem(r, "grid");
        assertThat(r.body()).contains("505 jobs").contains("estimator.searches.max-jobs (500)");
        assertThat(api.get("/api/v1/searches?size=100").json().path("content").findValuesAsString("datasetId"))
                .doesNotContain(dataset.toString());
        assertThat(api.get("/api/v1/jobs?datasetId=" + dataset).json().path("page").path("totalElements").asLong())
                .isZero();
    }

    @Test
    void baseAndFoldsAreChecked() {
        assertProblem(searches.submit("{\"grid\": {}}"), "base");
        assertProblem(searches.submit("""
                {"base": {"datasetId": "%s", "target": "nope"}, "grid": {"optimizer.learningRate": [0.1]}}""".formatted(dataset)), "base.target");
        assertProblem(searches.submit("""
                {"folds": 1, "base": {"datasetId": "%s", "target": "y"}, "grid": {"optimizer.learningRate": [0.1]}}""".formatted(dataset)), "folds");
        assertProblem(searches.submit("""
                {"folds": 0, "base": {"datasetId": "%s", "target": "y", "validation": {"fraction": 0.2}},
                 "grid": {"optimizer.learningRate": [0.1]}}""".formatted(dataset)), "folds");
        assertProblem(searches.submit("""
                {"base": {"datasetId": "%s", "target": "y", "validation": {"fraction": 0.2}},
                 "grid": {"optimizer.learningRate": [0.1]}}""".formatted(dataset)),
                "base.validation.fraction");
        assertProblem(searches.submit("""
                {"base": {"datasetId": "%s", "target": "y", "validation": {"folds": 3, "fold": 0}},
                 "grid": {"optimizer.learningRate": [0.1]}}"""
                .formatted(dataset)), "base.validation.folds", "base.validation.fold");
        JobApi.Response unknown = searches.submit("""
                {"base": {"datasetId": "%s", "target": "y"}, "grids": {}}""".formatted(dataset));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
    }

    @Test
    void aSearchVariesAtLeastOnePath() {
        JobApi.Response empty = submit("{}", "");
        assertProblem(empty, "grid");
        assertThat(empty.body()).contains("at least one");
        assertProblem(searches.submit("""
                {"base": {"datasetId": "%s", "target": "y"}}""".formatted(dataset)), "grid");
        assertProblem(searches.submit("""
                {"base": {"datasetId": "%s", "target": "y"}, "grid": null}""".formatted(dataset)), "grid");
    }

    @Test
    void foldsBeyondTheDatasetsRowsAreRefused() {
        UUID five = api.upload("five.csv", TestData.linearCsv(TestData.linearRows(5, 3)));
        String search = """
                {"folds": %d, "base": {"datasetId": "%s", "target": "y"}, "grid": {"optimizer.learningRate": [0.1]}}""";
        JobApi.Response six = searches.submit(search.formatted(6, five));
        assertProblem(six, "folds");
        assertThat(six.body()).contains("5 rows");
        assertThat(api.get("/api/v1/jobs?datasetId=" + five).json().path("page").path("totalElements").asLong())
                .isZero();
        assertThat(searches.submit(search.formatted(5, five)).status()).isEqualTo(202);
    }

    @Test
    void unknownAndMalformedIds() {
        assertThat(searches.get(UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/searches/not-a-uuid").status()).isEqualTo(400);
        assertThat(searches.cancel(UUID.randomUUID()).status()).isEqualTo(404);
    }
}
