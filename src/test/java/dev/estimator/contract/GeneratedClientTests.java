package dev.estimator.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.TestKeys;
import dev.estimator.client.ApiClient;
import dev.estimator.client.ApiException;
import dev.estimator.client.api.DatasetsApi;
import dev.estimator.client.api.JobsApi;
import dev.estimator.client.api.KeysApi;
import dev.estimator.client.api.SearchesApi;
import dev.estimator.client.model.ApiKey;
import dev.estimator.client.model.CategoricalColumn;
import dev.estimator.client.model.CreateApiKeyRequest;
import dev.estimator.client.model.CreatedApiKey;
import dev.estimator.client.model.DatasetColumnResponse;
import dev.estimator.client.model.DatasetResponse;
import dev.estimator.client.model.DatasetRows;
import dev.estimator.client.model.Estimate;
import dev.estimator.client.model.JobResponse;
import dev.estimator.client.model.JobResult;
import dev.estimator.client.model.JobSpec;
import dev.estimator.client.model.LossHistory;
import dev.estimator.client.model.Optimizer;
import dev.estimator.client.model.PageResponseApiKey;
import dev.estimator.client.model.PageResponseJobResponse;
import dev.estimator.client.model.PageResponseSearchResponse;
import dev.estimator.client.model.PredictionRequest;
import dev.estimator.client.model.Predictions;
import dev.estimator.client.model.Problem;
import dev.estimator.client.model.SearchCandidate;
import dev.estimator.client.model.SearchRequest;
import dev.estimator.client.model.SearchResponse;
import dev.estimator.client.model.Validation;

/**
 * The README's walk-through through a client generated from the committed API document
 * ({@code openapi/openapi.yaml}, by openapi-generator in {@code generate-test-sources}, validation on). Every
 * body the service sends is checked against the document's schema for it ({@link CheckedMapper}), problem
 * documents included: a schema that disagrees with the service fails here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GeneratedClientTests {

    static final Path HOUSES = Path.of("samples", "houses.csv");

    @LocalServerPort
    int port;

    final DocumentSchemas schemas = new DocumentSchemas(Path.of("openapi", "openapi.yaml"));

    DatasetsApi datasets;
    JobsApi jobs;
    SearchesApi searches;
    KeysApi keys;

    @BeforeEach
    void client() {
        ApiClient client = client(TestKeys.ADMIN);
        datasets = new DatasetsApi(client);
        jobs = new JobsApi(client);
        searches = new SearchesApi(client);
        keys = new KeysApi(client);
    }

    ApiClient client(String key) {
        ApiClient client = new ApiClient();
        client.setObjectMapper(new CheckedMapper(schemas));
        client.updateBaseUri("http://127.0.0.1:" + port);
        client.setRequestInterceptor(request -> request.header("Authorization", TestKeys.bearer(key)));
        return client;
    }

    @Test
    void readmeWalkThrough() throws Exception {
        String csv = Files.readString(HOUSES, StandardCharsets.UTF_8);

        // Upload with a name, typing the numeric `rooms` as categorical.
        DatasetResponse dataset = datasets.uploadDataset(csv, "houses", true, ",", "rooms");
        assertThat(dataset.getName()).isEqualTo("houses");
        assertThat(dataset.getRows()).isEqualTo(500L);
        CategoricalColumn rooms = column(dataset, "rooms").getCategoricalColumn();
        assertThat(rooms.getLevels()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
        assertThat(column(dataset, "age").getNumericColumn().getMissing()).isEqualTo(2L);
        DatasetRows window = datasets.getDatasetRows(dataset.getId(), 221L, 3);
        assertThat(window.getRows()).hasSize(3);
        assertThat(window.getRows().get(1).get(1)).isNull();

        // A linear job on price, long-polled to its end.
        JobSpec spec = new JobSpec().datasetId(dataset.getId()).name("price model").target("price")
                .features(List.of("age", "ocean", "income")).missing(JobSpec.MissingEnum.SKIP)
                .optimizer(new Optimizer().maxIterations(5000).tolerance(1e-12));
        JobResponse submitted = jobs.submitJob(null, spec);
        assertThat(submitted.getStatus()).isIn(JobResponse.StatusEnum.QUEUED, JobResponse.StatusEnum.RUNNING);
        assertThat(submitted.getSpec().getModel()).isEqualTo(JobSpec.ModelEnum.LINEAR);
        JobResponse done = waitFor(submitted.getId());
        assertThat(done.getStatus()).isEqualTo(JobResponse.StatusEnum.SUCCEEDED);

        LossHistory loss = jobs.getJobLoss(done.getId(), 0, 3, null);
        assertThat(loss.getPoints()).hasSize(3);
        assertThat(loss.getPoints().get(1).getLoss()).isLessThan(loss.getPoints().get(0).getLoss());
        // A chart's view of the whole history: at most 10 points, the first and the last among them.
        LossHistory chart = jobs.getJobLoss(done.getId(), null, null, 10);
        assertThat(chart.getPoints()).hasSizeBetween(2, 10);
        assertThat(chart.getPoints().get(0).getIteration()).isZero();
        assertThat(chart.getPoints().get(chart.getPoints().size() - 1).getIteration())
                .isEqualTo(jobs.getJobResult(done.getId()).getIterations() - 1);

        JobResult result = jobs.getJobResult(done.getId());
        assertThat(result.getTrainingRows()).isEqualTo(498);
        assertThat(result.getSkippedRows()).isEqualTo(2);
        double[] ols = ordinaryLeastSquares(csv);
        assertThat(result.getIntercept().getValue()).isCloseTo(ols[0], within(1e-4 * Math.abs(ols[0]) + 1e-6));
        List<Estimate> coefficients = result.getCoefficients();
        assertThat(coefficients).extracting(Estimate::getName)
                .containsExactly("age", "ocean=NEAR BAY", "ocean=NEAR OCEAN", "income");
        for (int i = 0; i < coefficients.size(); i++) {
            assertThat(coefficients.get(i).getValue()).as(coefficients.get(i).getName())
                    .isCloseTo(ols[i + 1], within(1e-4 * Math.abs(ols[i + 1]) + 1e-6));
            assertThat(coefficients.get(i).getStandardError()).isPositive();
        }

        Predictions predictions = jobs.predictWithJob(done.getId(), new PredictionRequest().rows(List.of(
                Map.of("age", 30, "ocean", "INLAND", "income", 6.5))));
        assertThat(predictions.getPredictions()).singleElement().satisfies(p -> assertThat(((Number) p).doubleValue())
                .isCloseTo(ols[0] + 30 * ols[1] + 6.5 * ols[4], within(1e-3)));

        // A logistic job with a validation split: its validation metrics are there.
        JobResponse sold = waitFor(jobs.submitJob(null, new JobSpec().datasetId(dataset.getId()).name("sold model")
                .target("sold").model(JobSpec.ModelEnum.LOGISTIC).missing(JobSpec.MissingEnum.IMPUTE_MEAN)
                .validation(new Validation().fraction(0.2))).getId());
        assertThat(sold.getStatus()).isEqualTo(JobResponse.StatusEnum.SUCCEEDED);
        JobResult soldResult = jobs.getJobResult(sold.getId());
        assertThat(soldResult.getStatistic()).isEqualTo("z");
        assertThat(soldResult.getValidationRows()).isEqualTo(100);
        assertThat(soldResult.getMetrics().getValidation()).containsKeys("logLoss", "accuracy", "auc");
        List<Object> probabilities = jobs.predictWithJob(sold.getId(), new PredictionRequest().rows(List.of(
                Map.of("rooms", "5", "age", 30, "ocean", "INLAND", "income", 6.5, "price", 250)))).getPredictions();
        assertThat(probabilities).singleElement().satisfies(p -> assertThat(((Number) p).doubleValue()).isBetween(0.0, 1.0));

        // A search, read while it runs (folds not finished are null) and after.
        SearchResponse search = searches.submitSearch(new SearchRequest().name("sold lr").folds(3)
                .metric(SearchRequest.MetricEnum.LOG_LOSS).refit(true)
                .base(new JobSpec().datasetId(dataset.getId()).target("sold").model(JobSpec.ModelEnum.LOGISTIC)
                        .missing(JobSpec.MissingEnum.IMPUTE_MEAN).optimizer(new Optimizer().maxIterations(100)))
                .grid(Map.of("optimizer.learningRate", List.of(0.1, 1.0))));
        assertThat(search.getProgress().getJobsTotal()).isEqualTo(6);
        assertThat(search.getCandidates()).hasSize(2);
        SearchResponse running = searches.getSearch(search.getId(), null);
        assertThat(running.getCandidates()).allSatisfy(c -> assertThat(c.getFoldScores()).hasSize(3));
        PageResponseSearchResponse listed = searches.listSearches(0, 1000);
        assertThat(listed.getPage().getSize()).isEqualTo(100);
        assertThat(listed.getContent()).extracting(SearchResponse::getId).contains(search.getId());
        SearchResponse finished = waitForSearch(search.getId());
        assertThat(finished.getStatus()).isEqualTo(SearchResponse.StatusEnum.SUCCEEDED);
        assertThat(finished.getProgress().getJobsDone()).isEqualTo(6);
        assertThat(finished.getCandidates()).allSatisfy(c -> {
            assertThat(c.getStatus()).isEqualTo(SearchCandidate.StatusEnum.SUCCEEDED);
            assertThat(c.getFoldScores()).hasSize(3).doesNotContainNull();
        });
        assertThat(finished.getBest()).isNotNull();
        assertThat(finished.getBestJobId()).isNotNull();
        PageResponseJobResponse searchJobs = jobs.listJobs(null, null, search.getId(), 0, 20);
        assertThat(searchJobs.getPage().getTotalElements()).isEqualTo(7L);

        // Keys: create one, list, use it, revoke it.
        CreatedApiKey created = keys.createKey(new CreateApiKeyRequest().name("contract client").owner("contract")
                .role("user"));
        assertThat(created.getKey()).startsWith("est_");
        PageResponseApiKey listedKeys = keys.listKeys(0, 1000);
        assertThat(listedKeys.getPage().getSize()).isEqualTo(100);
        assertThat(listedKeys.getContent()).extracting(ApiKey::getId).contains(created.getId());
        // the suite's administrator key comes from the configuration: listed, not revocable here
        ApiKey configured = listedKeys.getContent().get(0);
        assertThat(configured.getConfigured()).isTrue();
        assertThat(configured.getPrefix()).isNull();
        Problem notRevocable = problem(() -> keys.revokeKey(configured.getId()), 409);
        assertThat(notRevocable.getDetail()).contains("estimator.security.keys");
        DatasetsApi asContract = new DatasetsApi(client(created.getKey()));
        assertThat(asContract.listDatasets(0, 20).getContent()).isEmpty();
        keys.revokeKey(created.getId());
        problem(() -> asContract.listDatasets(0, 20), 401);

        // Errors are problem details.
        Problem invalid = problem(() -> jobs.submitJob(null, new JobSpec().datasetId(dataset.getId()).target("price")
                .features(List.of("rooms", "colour")).optimizer(new Optimizer().learningRate(-1.0))), 400);
        assertThat(invalid.getErrors()).extracting(e -> e.getField())
                .containsExactlyInAnyOrder("optimizer.learningRate", "features[1]");
        Problem notFound = problem(() -> jobs.getJob(UUID.randomUUID(), null), 404);
        assertThat(notFound.getTitle()).isNotBlank();
        problem(() -> jobs.getJobResult(UUID.randomUUID()), 404);
        Problem badCsv = problem(() -> datasets.uploadDataset("a,b\n1\n", "broken", true, ",", null), 400);
        assertThat(badCsv.getLine()).isEqualTo(2L);
        Problem finishedAlready = problem(() -> searches.cancelSearch(search.getId()), 409);
        assertThat(finishedAlready.getDetail()).isNotBlank();

        datasets.deleteDataset(dataset.getId());
        problem(() -> datasets.getDataset(dataset.getId()), 404);
    }

    private static DatasetColumnResponse column(DatasetResponse dataset, String name) {
        return dataset.getColumns().stream().filter(c -> {
            Object actual = c.getActualInstance();
            return actual instanceof CategoricalColumn cat ? name.equals(cat.getName())
                    : name.equals(c.getNumericColumn().getName());
        }).findFirst().orElseThrow();
    }

    private JobResponse waitFor(UUID id) throws ApiException {
        for (int i = 0; i < 60; i++) {
            JobResponse job = jobs.getJob(id, 10);
            if (job.getStatus() != JobResponse.StatusEnum.QUEUED && job.getStatus() != JobResponse.StatusEnum.RUNNING) {
                return job;
            }
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    /** Long polls: each answer comes when the search's status or progress changed (or after 10 s). */
    private SearchResponse waitForSearch(UUID id) throws ApiException {
        for (int i = 0; i < 60; i++) {
            SearchResponse search = searches.getSearch(id, 10);
            if (search.getStatus() != SearchResponse.StatusEnum.QUEUED
                    && search.getStatus() != SearchResponse.StatusEnum.RUNNING) {
                return search;
            }
        }
        throw new AssertionError("search " + id + " did not finish");
    }

    interface Call {
        void run() throws ApiException;
    }

    /** The call fails with {@code status}, its body a problem+json document that fits the Problem schema. */
    private Problem problem(Call call, int status) throws IOException {
        ApiException[] thrown = new ApiException[1];
        assertThatThrownBy(() -> {
            try {
                call.run();
            } catch (ApiException e) {
                thrown[0] = e;
                throw e;
            }
        }).isInstanceOf(ApiException.class);
        ApiException e = thrown[0];
        assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(status);
        assertThat(e.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
        schemas.check("Problem", e.getResponseBody());
        Problem problem = new CheckedMapper(schemas).readValue(e.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(status);
        return problem;
    }

    /** Price on intercept, age, ocean=NEAR BAY, ocean=NEAR OCEAN and income over the rows with an age. */
    private static double[] ordinaryLeastSquares(String csv) {
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        String[] lines = csv.split("\n");
        List<String> header = List.of(lines[0].strip().split(","));
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].strip().split(",", -1);
            String age = cells[header.indexOf("age")];
            if (age.isEmpty() || age.equalsIgnoreCase("NA")) {
                continue;
            }
            String ocean = cells[header.indexOf("ocean")];
            x.add(new double[] {Double.parseDouble(age), ocean.equals("NEAR BAY") ? 1 : 0,
                ocean.equals("NEAR OCEAN") ? 1 : 0, Double.parseDouble(cells[header.indexOf("income")])});
            y.add(Double.parseDouble(cells[header.indexOf("price")]));
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y.stream().mapToDouble(Double::doubleValue).toArray(), x.toArray(double[][]::new));
        return ols.estimateRegressionParameters();
    }
}
