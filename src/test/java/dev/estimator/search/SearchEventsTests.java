package dev.estimator.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.job.JobApi;
import dev.estimator.job.TestData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A search's long poll (waitSeconds) and event stream, as API.md has them for jobs: status and progress. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SearchEventsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @LocalServerPort
    int port;

    JobApi api;
    SearchApi searches;

    @BeforeEach
    void client() {
        api = new JobApi(port);
        searches = new SearchApi(api);
    }

    /** Two candidates × two folds whose jobs each train for a second (time limit), two at a time. */
    private String slowSearch() {
        UUID dataset = api.upload("slow-search.csv", TestData.linearCsv(TestData.linearRows(5000, 9)));
        return """
                {"folds": 2, "base": {"datasetId": "%s", "target": "y", "maxRuntimeSeconds": 1.0,
                  "optimizer": {"algorithm": "sgd", "learningRate": 0.001, "maxIterations": 1000000, "tolerance": 0}},
                 "grid": {"optimizer.learningRate": [0.001, 0.002]}}""".formatted(dataset);
    }

    private static String state(JsonNode search) {
        return search.path("status").asString() + " " + search.path("progress").path("jobsDone").asInt();
    }

    @Test
    void aLongPollIsHeldUntilTheStatusOrProgressChanges() {
        UUID id = searches.accepted(slowSearch());
        JsonNode seen = searches.get(id).json();
        List<String> states = new ArrayList<>(List.of(state(seen)));
        long heldLongest = 0;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(seen.path("status").asString())) {
            assertThat(System.nanoTime()).as("search still %s", state(seen)).isLessThan(deadline);
            long start = System.nanoTime();
            JobApi.Response r = api.get("/api/v1/searches/" + id + "?waitSeconds=20");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode now = r.json();
            // answered before the 20 s were up: something the client had not seen changed
            assertThat(millis).isLessThan(19_000);
            assertThat(state(now)).as("answer after %d ms", millis).isNotEqualTo(state(seen));
            assertThat(now.path("progress").path("jobsDone").asInt())
                    .isGreaterThanOrEqualTo(seen.path("progress").path("jobsDone").asInt());
            heldLongest = Math.max(heldLongest, millis);
            states.add(state(now));
            seen = now;
        }
        assertThat(seen.path("status").asString()).as(states.toString()).isEqualTo("SUCCEEDED");
        assertThat(seen.path("progress").path("jobsDone").asInt()).isEqualTo(4);
        // each fold job trains for a second: some poll waited for one to finish rather than answering at once
        assertThat(heldLongest).as(states.toString()).isGreaterThanOrEqualTo(500);
        // one answer per change, not one per poll interval
        assertThat(states.size()).as(states.toString()).isLessThanOrEqualTo(1 + 1 + 4 + 1);

        // a finished search answers at once, without Retry-After
        long start = System.nanoTime();
        JobApi.Response finished = api.get("/api/v1/searches/" + id + "?waitSeconds=20");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        assertThat(finished.json().path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(finished.header("Retry-After")).isNull();
    }

    @Test
    void aLongPollOfWaitSecondsZeroAnswersAtOnceAndBadValuesAreProblems() {
        UUID id = searches.accepted(slowSearch());
        long start = System.nanoTime();
        JobApi.Response now = api.get("/api/v1/searches/" + id + "?waitSeconds=0");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        assertThat(now.status()).isEqualTo(200);
        assertThat(now.header("Retry-After")).isNotNull();

        JobApi.Response negative = api.get("/api/v1/searches/" + id + "?waitSeconds=-1");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.header("Content-Type")).startsWith("application/problem+json");
        assertThat(negative.errorFields()).containsExactly("waitSeconds");
        JobApi.Response unknown = api.get("/api/v1/searches/" + UUID.randomUUID() + "?waitSeconds=1");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/searches/" + UUID.randomUUID() + "/events").status()).isEqualTo(404);
        searches.cancel(id);
    }

    @Test
    void eventsStreamProgressAsFoldJobsFinishThenOneStatusEvent() throws Exception {
        UUID id = searches.accepted(slowSearch());
        HttpResponse<Stream<String>> stream = api.stream("/api/v1/searches/" + id + "/events");
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
        assertThat(events).as(data.toString()).isNotEmpty();
        assertThat(events.get(events.size() - 1)).isEqualTo("status");
        assertThat(events.stream().filter("status"::equals).count()).isEqualTo(1);
        List<Integer> done = new ArrayList<>();
        for (int i = 0; i < events.size() - 1; i++) {
            assertThat(events.get(i)).isEqualTo("progress");
            JsonNode progress = JSON.readTree(data.get(i));
            assertThat(progress.path("jobsTotal").asInt()).isEqualTo(4);
            done.add(progress.path("jobsDone").asInt());
        }
        // the stream opened before any fold finished, and saw the count grow, never the same count twice
        assertThat(done).as(data.toString()).isSorted().doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(2);
        assertThat(done.get(0)).isLessThan(4);
        JsonNode status = JSON.readTree(data.get(data.size() - 1));
        assertThat(status.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(status.path("progress").path("jobsDone").asInt()).isEqualTo(4);
        assertThat(status.path("links").path("events").asString()).isEqualTo("/api/v1/searches/" + id + "/events");

        // a finished search's stream holds its status event only
        String finished = api.get("/api/v1/searches/" + id + "/events").body();
        assertThat(finished.lines().filter(l -> l.startsWith("event:")).toList()).containsExactly("event:status");
    }
}
