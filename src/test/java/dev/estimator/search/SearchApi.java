package dev.estimator.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.estimator.job.JobApi;
import tools.jackson.databind.JsonNode;

/** Search calls for tests, every request through {@link JobApi}. */
final class SearchApi {

    private final JobApi api;

    SearchApi(JobApi api) {
        this.api = api;
    }

    JobApi.Response submit(String json) {
        return api.post("/api/v1/searches", json);
    }

    /** Submits a search that must be accepted; its id. */
    UUID accepted(String json) {
        JobApi.Response r = submit(json);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return UUID.fromString(r.json().path("id").asString());
    }

    JobApi.Response get(UUID id) {
        return api.get("/api/v1/searches/" + id);
    }

    JobApi.Response cancel(UUID id) {
        return api.post("/api/v1/searches/" + id + "/cancel", "");
    }

    /** Polls until the search has finished; its final representation. */
    JsonNode awaitFinished(UUID id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobApi.Response r = get(id);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode search = r.json();
            String status = search.path("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return search;
            }
            assertThat(System.nanoTime()).as("search %s still %s", id, status).isLessThan(deadline);
            pause(200);
        }
    }

    /** Every job of the search, through the job list's searchId filter. */
    List<JsonNode> jobs(UUID id) {
        List<JsonNode> jobs = new ArrayList<>();
        for (int page = 0;; page++) {
            JsonNode body = api.get("/api/v1/jobs?searchId=" + id + "&size=100&page=" + page).json();
            body.path("content").forEach(jobs::add);
            if (page + 1 >= body.path("page").path("totalPages").asInt()) {
                return jobs;
            }
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
