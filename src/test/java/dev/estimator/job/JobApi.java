package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.estimator.TestKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the running service for tests: real HTTP on the random port, JSON as trees. Every request carries
 * {@code Authorization: Bearer <key>}: the suite's administrator key unless another key (or none) is given.
 */
public final class JobApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;

    public JobApi(int port) {
        this(port, TestKeys.ADMIN);
    }

    /** @param key the bearer credential of every request, or null for none */
    public JobApi(int port, String key) {
        this("http://127.0.0.1:" + port, key);
    }

    private JobApi(String base, String key) {
        this.base = base;
        this.key = key;
    }

    /** The same service, as the holder of {@code key} (null: without credentials). */
    public JobApi as(String key) {
        return new JobApi(base, key);
    }

    public record Response(int status, Map<String, List<String>> headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** The fields named in a problem's {@code errors}. */
        public List<String> errorFields() {
            List<String> fields = new ArrayList<>();
            json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
            return fields;
        }
    }

    public UUID upload(String name, String csv) {
        Response r = uploadCsv(name, csv);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return UUID.fromString(r.json().path("id").asString());
    }

    public Response uploadCsv(String name, String csv) {
        return send(HttpRequest.newBuilder(uri("/api/v1/datasets?name=" + name))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)));
    }

    public Response submit(String json) {
        return post("/api/v1/jobs", json);
    }

    public Response submit(String json, String idempotencyKey) {
        return send(HttpRequest.newBuilder(uri("/api/v1/jobs")).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Submits a spec that must be accepted; its job id. */
    public UUID accepted(String json) {
        Response r = submit(json);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return UUID.fromString(r.json().path("id").asString());
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Response job(UUID id) {
        return get("/api/v1/jobs/" + id);
    }

    /** Long-polls until the job is finished; its final representation. */
    public JsonNode awaitFinished(UUID id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Response r = get("/api/v1/jobs/" + id + "?waitSeconds=5");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode job = r.json();
            String status = job.path("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %s still %s", id, status).isLessThan(deadline);
        }
    }

    /** Long-polls until the job is RUNNING with at least one iteration done (or finished). */
    public JsonNode awaitProgress(UUID id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = get("/api/v1/jobs/" + id + "?waitSeconds=5").json();
            String status = job.path("status").asString();
            if (!status.equals("QUEUED") && (job.path("progress").path("iteration").asInt() > 0
                    || !status.equals("RUNNING"))) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %s still %s", id, status).isLessThan(deadline);
        }
    }

    public HttpResponse<java.util.stream.Stream<String>> stream(String path) throws IOException, InterruptedException {
        return http.send(authorized(HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofLines());
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(authorized(request).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return key == null ? request : request.header("Authorization", TestKeys.bearer(key));
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }
}
