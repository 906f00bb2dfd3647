package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * What a client may send that the service must answer with a 4xx naming the problem (or a clear job error), where
 * the answer depends on stored data. JSON the controllers cannot read is {@link JobControllerProblemsTest}'s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClientInputTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    JobApi api;

    @BeforeEach
    void client() {
        api = new JobApi(port);
    }

    private static void assertInvalid(JobApi.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.errorFields()).as(r.body()).containsExactly(field);
    }

    @Test
    void namesWithNulAreRefusedNotStored() {
        UUID dataset = api.upload("nul.csv", TestData.linearCsv(TestData.linearRows(20, 1)));
        assertInvalid(api.submit("{\"datasetId\": \"%s\", \"target\": \"y\", \"name\": \"a\\u0000b\"}"
                .formatted(dataset)), "name");
        assertInvalid(api.post("/api/v1/keys", "{\"name\": \"a\\u0000b\", \"role\": \"user\"}"), "name");
        assertInvalid(api.post("/api/v1/keys", "{\"name\": \"ab\", \"owner\": \"a\\u0000b\", \"role\": \"user\"}"),
                "owner");
        assertInvalid(api.post("/api/v1/searches", """
                {"name": "a\\u0000b", "base": {"datasetId": "%s", "target": "y"},
                 "grid": {"optimizer.learningRate": [0.1]}, "folds": 2}""".formatted(dataset)), "name");
    }

    @Test
    void aLogisticTargetWithValuesBetweenZeroAndOneIsRefusedAtSubmission() {
        UUID dataset = api.upload("half.csv", "y,x\n0,1\n0.5,2\n1,3\n1,4\n0,2.5\n");
        JobApi.Response r = api.submit("{\"datasetId\": \"%s\", \"target\": \"y\", \"model\": \"logistic\"}"
                .formatted(dataset));
        assertInvalid(r, "target");
        assertThat(r.json().path("errors").get(0).path("message").asString()).contains("0/1");

        UUID constant = api.upload("constant.csv", "y,x\n0.5,1\n0.5,2\n0.5,3\n");
        assertInvalid(api.submit("{\"datasetId\": \"%s\", \"target\": \"y\", \"model\": \"logistic\"}"
                .formatted(constant)), "target");

        // 0/1 targets, all of one class or both, are accepted
        UUID ones = api.upload("ones.csv", "y,x\n1,1\n1,2\n1,3\n");
        String fewIterations = "{\"datasetId\": \"%s\", \"target\": \"y\", \"model\": \"logistic\", "
                + "\"optimizer\": {\"maxIterations\": 5}}";
        api.accepted(fewIterations.formatted(ones));
        StringBuilder binary = new StringBuilder("y,x\n");
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            binary.append(random.nextDouble() < 0.3 ? 1 : 0).append(',').append(random.nextGaussian()).append('\n');
        }
        api.accepted(fewIterations.formatted(api.upload("binary.csv", binary.toString())));
    }

    @Test
    void aLogisticTargetTheStatisticsCannotTellFailsAtOnceSayingWhy() {
        // a value a hair away from 0 leaves the column's statistics those of 0/1 values
        UUID dataset = api.upload("hair.csv", "y,x\n0,1\n1,2\n1,3\n0.0000000000001,4\n0,2.5\n");
        UUID job = api.accepted("{\"datasetId\": \"%s\", \"target\": \"y\", \"model\": \"logistic\"}"
                .formatted(dataset));
        JsonNode done = api.awaitFinished(job, TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("FAILED");
        // API.md's codes are fixed: INTERNAL, with a message that says what to change
        assertThat(done.path("error").path("code").asString()).isEqualTo("INTERNAL");
        assertThat(done.path("error").path("message").asString()).contains("0 and 1");
    }

    @Test
    void aMissingValuePolicyThatLeavesNoRowFailsWithMissingValues() {
        UUID dataset = api.upload("gaps.csv", "y,x\n1,\n,2\n3,\n");
        UUID job = api.accepted("{\"datasetId\": \"%s\", \"target\": \"y\", \"missing\": \"skip\"}"
                .formatted(dataset));
        JsonNode done = api.awaitFinished(job, TIMEOUT);
        assertThat(done.path("status").asString()).isEqualTo("FAILED");
        assertThat(done.path("error").path("code").asString()).isEqualTo("MISSING_VALUES");
        assertThat(done.path("error").path("message").asString()).contains("no rows left");
    }
}
