package dev.estimator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.estimator.job.JobApi;

/**
 * The whole flow on the embedded default database: H2 in PostgreSQL mode with the URL options of
 * application.properties, a fresh file database under target/ for each run. Upload the shipped sample, fit a
 * linear model on it, read the loss history, result and predictions — over real HTTP. The only test with its
 * own application context besides the PostgreSQL ones.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:file:./target/h2-smoke/${random.uuid}/estimator;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE",
        "spring.datasource.username=sa",
        "spring.datasource.password="})
class H2SmokeTest {

    static final Path SAMPLE = Path.of("samples", "houses.csv");
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final JsonMapper JSON = JsonMapper.shared();

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;


    @Test
    void uploadFitPollAndPredictOnH2() throws IOException, SQLException {
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("H2");
        }

        // upload: 500 rows, age with 2 missing values, ocean categorical
        HttpResponse<String> upload = send(HttpRequest.newBuilder(uri("/api/v1/datasets?name=houses"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(SAMPLE)));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        JsonNode dataset = JSON.readTree(upload.body());
        String datasetId = dataset.path("id").asString();
        assertThat(upload.headers().firstValue("Location")).hasValue("/api/v1/datasets/" + datasetId);
        assertThat(dataset.path("rows").asLong()).isEqualTo(500);
        Map<String, JsonNode> columns = new HashMap<>();
        dataset.path("columns").forEach(c -> columns.put(c.path("name").asString(), c));
        assertThat(columns).containsOnlyKeys("rooms", "age", "ocean", "income", "price", "sold");
        assertThat(columns.get("age").path("missing").asLong()).isEqualTo(2);
        assertThat(columns.get("ocean").path("type").asString()).isEqualTo("categorical");
        assertThat(columns.get("ocean").path("levels").toString()).isEqualTo("[\"INLAND\",\"NEAR BAY\",\"NEAR OCEAN\"]");
        assertThat(columns.get("price").path("type").asString()).isEqualTo("numeric");

        // submit a linear job on price that skips the rows with a missing age
        HttpResponse<String> submitted = send(HttpRequest.newBuilder(uri("/api/v1/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"datasetId": "%s", "name": "price on H2", "target": "price",
                         "features": ["rooms", "age", "ocean", "income"], "missing": "skip"}""".formatted(datasetId))));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String jobId = JSON.readTree(submitted.body()).path("id").asString();
        assertThat(submitted.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + jobId);

        // poll with waitSeconds until it is finished
        JsonNode job = awaitFinished(jobId);
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        int iterations = job.path("progress").path("iteration").asInt();
        assertThat(iterations).isPositive();

        // every iteration is in the loss history, in order
        JsonNode loss = getJson("/api/v1/jobs/" + jobId + "/loss");
        JsonNode points = loss.path("points");
        assertThat(points.size()).isEqualTo(iterations);
        for (int i = 0; i < iterations; i++) {
            assertThat(points.get(i).path("iteration").asInt()).isEqualTo(i);
            assertThat(points.get(i).path("loss").isNumber()).isTrue();
        }
        assertThat(points.get(iterations - 1).path("loss").asDouble()).isLessThan(points.get(0).path("loss").asDouble());

        // the result: two rows skipped, one-hot ocean without its first level, t statistics
        JsonNode result = getJson("/api/v1/jobs/" + jobId + "/result");
        assertThat(result.path("iterations").asInt()).isEqualTo(iterations);
        assertThat(result.path("trainingRows").asInt()).isEqualTo(498);
        assertThat(result.path("skippedRows").asInt()).isEqualTo(2);
        assertThat(result.path("statistic").asString()).isEqualTo("t");
        Map<String, Double> coefficients = new HashMap<>();
        result.path("coefficients").forEach(c -> coefficients.put(c.path("name").asString(), c.path("value").asDouble()));
        assertThat(coefficients).containsOnlyKeys("rooms", "age", "ocean=NEAR BAY", "ocean=NEAR OCEAN", "income");
        assertThat(result.path("coefficients").get(0).path("standardError").isNumber()).isTrue();
        assertThat(result.path("metrics").path("train").path("r2").asDouble()).isGreaterThan(0.9);
        double intercept = result.path("intercept").path("value").asDouble();

        // predictions: the fitted linear function of the raw columns
        HttpResponse<String> predicted = send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + jobId + "/predictions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"rows": [{"rooms": 5, "age": 30, "ocean": "INLAND", "income": 6.5},
                                  {"rooms": 3, "age": 10, "ocean": "NEAR BAY", "income": 9.1}]}""")));
        assertThat(predicted.statusCode()).as(predicted.body()).isEqualTo(200);
        List<Double> predictions = new ArrayList<>();
        JSON.readTree(predicted.body()).path("predictions").forEach(p -> predictions.add(p.asDouble()));
        double inland = intercept + 5 * coefficients.get("rooms") + 30 * coefficients.get("age")
                + 6.5 * coefficients.get("income");
        double nearBay = intercept + 3 * coefficients.get("rooms") + 10 * coefficients.get("age")
                + coefficients.get("ocean=NEAR BAY") + 9.1 * coefficients.get("income");
        assertThat(predictions).hasSize(2);
        assertThat(predictions.get(0)).isCloseTo(inland, within(1e-6 * Math.abs(inland)));
        assertThat(predictions.get(1)).isCloseTo(nearBay, within(1e-6 * Math.abs(nearBay)));
    }

    private JsonNode awaitFinished(String jobId) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode job = getJson("/api/v1/jobs/" + jobId + "?waitSeconds=5");
            String status = job.path("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %s still %s", jobId, status).isLessThan(deadline);
        }
    }

    private JsonNode getJson(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return new JobApi(port).exchange(request);
    }
}
