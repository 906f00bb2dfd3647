package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/** {@code GET /jobs/{id}/loss?maxPoints=N} over real HTTP, against the job's whole stored history. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LossMaxPointsTests {

    @LocalServerPort
    int port;

    JobApi api;

    @BeforeEach
    void client() {
        api = new JobApi(port);
    }

    @Test
    void thirtyThousandIterationsReduceToAThousandPointsKeepingFirstLastAndTheMinimum() {
        UUID dataset = api.upload("noisy.csv", TestData.linearCsv(TestData.linearRows(40, 11)));
        // SGD at a constant rate: the loss falls, then wanders around its floor, so its minimum lies somewhere
        // inside the history rather than at its end
        UUID id = api.accepted("""
                {"datasetId": "%s", "target": "y", "features": ["x1", "x2"],
                 "optimizer": {"algorithm": "sgd", "learningRate": 0.02, "maxIterations": 30000, "tolerance": 0,
                               "partitions": 1}}""".formatted(dataset));
        JsonNode done = api.awaitFinished(id, Duration.ofSeconds(120));
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");

        List<JsonNode> whole = new ArrayList<>();
        for (int from = 0; from < 30_000; from += 10_000) {
            api.get("/api/v1/jobs/" + id + "/loss?from=" + from).json().path("points").forEach(whole::add);
        }
        assertThat(whole).hasSize(30_000);
        int argMin = 0;
        for (int i = 1; i < whole.size(); i++) {
            if (loss(whole.get(i)) < loss(whole.get(argMin))) {
                argMin = i;
            }
        }

        JobApi.Response reduced = api.get("/api/v1/jobs/" + id + "/loss?maxPoints=1000");
        assertThat(reduced.status()).as(reduced.body()).isEqualTo(200);
        JsonNode points = reduced.json().path("points");
        assertThat(points.size()).isLessThanOrEqualTo(1000).isGreaterThan(900);
        assertThat(points.get(0)).isEqualTo(whole.get(0));
        assertThat(points.get(points.size() - 1)).isEqualTo(whole.get(29_999));
        int previous = -1;
        boolean minimumKept = false;
        for (JsonNode p : points) {
            int iteration = p.path("iteration").asInt();
            assertThat(iteration).isGreaterThan(previous);
            assertThat(p).as("point %d as stored", iteration).isEqualTo(whole.get(iteration));
            minimumKept |= iteration == argMin;
            previous = iteration;
        }
        assertThat(argMin).as("the minimum is inside the history").isBetween(1, 29_998);
        assertThat(minimumKept).as("the global minimum at iteration %d is kept", argMin).isTrue();

        JsonNode window = api.get("/api/v1/jobs/" + id + "/loss?from=500&limit=2000&maxPoints=100").json()
                .path("points");
        assertThat(window.size()).isLessThanOrEqualTo(100);
        assertThat(window.get(0)).isEqualTo(whole.get(500));
        assertThat(window.get(window.size() - 1)).isEqualTo(whole.get(2499));
    }

    @Test
    void maxPointsOutOfRangeIsABadRequestNamingIt() {
        UUID dataset = api.upload("small.csv", TestData.linearCsv(TestData.linearRows(20, 3)));
        UUID id = api.accepted("""
                {"datasetId": "%s", "target": "y", "optimizer": {"maxIterations": 5}}""".formatted(dataset));
        for (String query : List.of("maxPoints=1", "maxPoints=10001", "maxPoints=0&limit=5")) {
            JobApi.Response r = api.get("/api/v1/jobs/" + id + "/loss?" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.errorFields()).as(query).containsExactly("maxPoints");
        }
        api.awaitFinished(id, Duration.ofSeconds(30));
        JsonNode all = api.get("/api/v1/jobs/" + id + "/loss?maxPoints=10").json().path("points");
        assertThat(all.size()).isEqualTo(5);
        assertThat(all.get(4).path("iteration").asInt()).isEqualTo(4);
    }

    private static double loss(JsonNode point) {
        return point.path("loss").asDouble();
    }
}
