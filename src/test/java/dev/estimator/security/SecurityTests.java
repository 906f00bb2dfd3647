package dev.estimator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.TestKeys;
import dev.estimator.job.JobApi;
import dev.estimator.job.JobApi.Response;
import tools.jackson.databind.JsonNode;

/**
 * API keys, owners and quotas over real HTTP on the test PostgreSQL, in the default {@code api-key} mode.
 * Each test makes owners of its own (random names), so they meet nothing of other tests. The log output of
 * every test is captured and must not hold any key the test created.
 * <p>
 * Same configuration as the other PostgreSQL tests, so it shares their cached application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SecurityTests {

    static final String CSV = "x,y\n1,2.1\n2,3.9\n3,6.2\n4,7.8\n5,10.1\n6,12.2\n";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    Quotas quotas;

    JobApi admin;
    /** Every key created by the current test, to look for in the log. */
    final List<String> secrets = new ArrayList<>();

    @BeforeEach
    void client() {
        admin = new JobApi(port);
    }

    @AfterEach
    void noKeyInTheLog(CapturedOutput output) {
        for (String secret : secrets) {
            assertThat(output.getAll()).as("the log").doesNotContain(secret);
        }
        assertThat(output.getAll()).doesNotContain(TestKeys.ADMIN);
    }

    @Test
    void withoutAValidCredentialEveryApiRequestIs401() {
        String user = createKey(owner("revoked"), "user");
        JobApi asUser = admin.as(user);
        assertThat(asUser.get("/api/v1/datasets").status()).isEqualTo(200);

        assertUnauthorized(admin.as(null).get("/api/v1/datasets"), false);
        assertUnauthorized(admin.as(null).post("/api/v1/jobs", "{}"), false);
        assertUnauthorized(admin.as("est_" + "x".repeat(43)).get("/api/v1/jobs"), true);
        assertUnauthorized(admin.as(user.substring(0, user.length() - 1)).get("/api/v1/jobs"), true);
        assertUnauthorized(admin.send(java.net.http.HttpRequest.newBuilder(admin.uri("/api/v1/datasets"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("a:b".getBytes()))
                .GET()), false);

        // revoked: refused at once
        UUID id = keyId(user);
        assertThat(admin.delete("/api/v1/keys/" + id).status()).isEqualTo(204);
        assertUnauthorized(asUser.get("/api/v1/datasets"), true);
        assertThat(admin.delete("/api/v1/keys/" + id).status()).isEqualTo(404);
    }

    @Test
    void keysAreShownOnceAndManagedByAdministratorsOnly() {
        Response created = admin.post("/api/v1/keys", "{\"name\": \"" + owner("ci") + "\", \"role\": \"user\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode key = created.json();
        String secret = key.path("key").asString();
        secrets.add(secret);
        assertThat(secret).startsWith("est_").hasSizeGreaterThanOrEqualTo(4 + 22);
        assertThat(key.path("prefix").asString()).isEqualTo(secret.substring(0, 12));
        assertThat(key.path("role").asString()).isEqualTo("user");
        assertThat(key.path("owner").asString()).isEqualTo(key.path("name").asString());
        assertThat(created.header("Location")).isEqualTo("/api/v1/keys/" + key.path("id").asString());

        Response list = admin.get("/api/v1/keys?size=100");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret).doesNotContain("\"key\"");
        List<String> ids = new ArrayList<>();
        list.json().path("content").forEach(k -> ids.add(k.path("id").asString()));
        assertThat(ids).contains(key.path("id").asString());

        // a user key may not manage keys
        JobApi asUser = admin.as(secret);
        Response forbidden = asUser.get("/api/v1/keys");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.header("Content-Type")).startsWith("application/problem+json");
        assertThat(forbidden.json().path("type").asString()).endsWith("/forbidden");
        assertThat(asUser.post("/api/v1/keys", "{\"name\": \"mine\", \"role\": \"admin\"}").status()).isEqualTo(403);

        Response invalid = admin.post("/api/v1/keys", "{\"name\": \"\", \"role\": \"root\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.errorFields()).containsExactlyInAnyOrder("name", "role");
    }

    @Test
    void keysProvisionedFromTheConfigurationAreListedButNotRevocable() {
        Response first = admin.get("/api/v1/keys?size=100");
        assertThat(first.status()).isEqualTo(200);
        List<JsonNode> configured = new ArrayList<>();
        first.json().path("content").forEach(k -> {
            if (k.path("configured").asBoolean()) {
                configured.add(k);
            }
        });
        // the suite's administrator key (test application.properties, estimator.security.keys[0])
        assertThat(configured).hasSize(1);
        JsonNode suiteKey = configured.get(0);
        assertThat(suiteKey.path("name").asString()).isEqualTo("test-admin");
        assertThat(suiteKey.path("owner").asString()).isEqualTo(TestKeys.ADMIN_OWNER);
        assertThat(suiteKey.path("role").asString()).isEqualTo("admin");
        assertThat(suiteKey.path("prefix").isNull()).isTrue();
        assertThat(suiteKey.has("key")).isFalse();
        // listed first, and with the same id every time
        assertThat(first.json().path("content").get(0)).isEqualTo(suiteKey);
        assertThat(admin.get("/api/v1/keys").json().path("content").get(0).path("id")).isEqualTo(suiteKey.path("id"));

        Response created = admin.post("/api/v1/keys", "{\"name\": \"" + owner("listed") + "\", \"role\": \"user\"}");
        secrets.add(created.json().path("key").asString());
        Response stored = admin.get("/api/v1/keys?size=1&page=1");
        assertThat(stored.json().path("content").get(0).path("id")).isEqualTo(created.json().path("id"));
        assertThat(stored.json().path("content").get(0).path("configured").asBoolean()).isFalse();
        assertThat(stored.json().path("page").path("totalElements").asLong())
                .isEqualTo(first.json().path("page").path("totalElements").asLong() + 1);

        Response refused = admin.delete("/api/v1/keys/" + suiteKey.path("id").asString());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().path("type").asString()).endsWith("/configured-key");
        assertThat(refused.json().path("detail").asString()).contains("estimator.security.keys");
        // still works
        assertThat(admin.get("/api/v1/keys").status()).isEqualTo(200);
    }

    @Test
    void anOwnerReachesNeitherTheDatasetsNorTheJobsOfAnother(CapturedOutput output) {
        JobApi alice = admin.as(createKey(owner("alice"), "user"));
        JobApi bob = admin.as(createKey(owner("bob"), "user"));
        UUID dataset = alice.upload("alice.csv", CSV);
        UUID job = alice.accepted(spec(dataset));
        JsonNode finished = alice.awaitFinished(job, TIMEOUT);
        assertThat(finished.path("status").asString()).isEqualTo("SUCCEEDED");

        // bob: every read, use and change of alice's dataset answers as for an unknown one
        UUID unknown = UUID.randomUUID();
        for (String path : List.of("/api/v1/datasets/%s", "/api/v1/datasets/%s/rows")) {
            assertNotFound(bob.get(path.formatted(dataset)));
        }
        assertNotFound(bob.delete("/api/v1/datasets/" + dataset));
        assertThat(ids(bob.get("/api/v1/datasets?size=100"))).doesNotContain(dataset.toString());
        Response foreign = bob.submit(spec(dataset));
        Response absent = bob.submit(spec(unknown));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.errorFields()).containsExactly("datasetId");
        assertThat(foreign.body().replace(dataset.toString(), "ID"))
                .isEqualTo(absent.body().replace(unknown.toString(), "ID"));

        // bob: alice's job
        for (String path : List.of("/api/v1/jobs/%s", "/api/v1/jobs/%s?waitSeconds=1", "/api/v1/jobs/%s/loss",
                "/api/v1/jobs/%s/result", "/api/v1/jobs/%s/events")) {
            assertNotFound(bob.get(path.formatted(job)));
        }
        assertNotFound(bob.post("/api/v1/jobs/" + job + "/cancel", ""));
        assertNotFound(bob.post("/api/v1/jobs/" + job + "/predictions", "{\"rows\": [{\"x\": 1}]}"));
        assertThat(ids(bob.get("/api/v1/jobs?size=100"))).doesNotContain(job.toString());
        assertThat(bob.get("/api/v1/jobs?datasetId=" + dataset).json().path("page").path("totalElements").asLong())
                .isZero();

        // alice and an administrator reach both
        assertThat(ids(alice.get("/api/v1/datasets?size=100"))).contains(dataset.toString());
        assertThat(ids(alice.get("/api/v1/jobs?size=100"))).contains(job.toString());
        assertThat(admin.get("/api/v1/datasets/" + dataset).status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/jobs/" + job).status()).isEqualTo(200);
        assertThat(admin.post("/api/v1/jobs/" + job + "/predictions", "{\"rows\": [{\"x\": 1}]}").status())
                .isEqualTo(200);
        assertThat(ids(admin.get("/api/v1/jobs?datasetId=" + dataset))).containsExactly(job.toString());
        assertThat(alice.get("/api/v1/jobs/" + job + "/result").status()).isEqualTo(200);

        // bob's own work: the same idempotency key as alice's is bob's own key
        UUID bobs = bob.upload("bob.csv", CSV);
        Response first = alice.submit(spec(dataset), "shared-key");
        Response second = bob.submit(spec(bobs), "shared-key");
        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().path("id").asString()).isNotEqualTo(first.json().path("id").asString());
        assertThat(second.json().path("datasetId").asString()).isEqualTo(bobs.toString());

        // cancelling another's running or queued job is a 404 too, and leaves it alone
        UUID running = alice.accepted(slowSpec(dataset));
        assertNotFound(bob.post("/api/v1/jobs/" + running + "/cancel", ""));
        assertThat(alice.post("/api/v1/jobs/" + running + "/cancel", "").status()).isEqualTo(202);
        alice.awaitFinished(running, TIMEOUT);
        alice.awaitFinished(UUID.fromString(first.json().path("id").asString()), TIMEOUT);
        bob.awaitFinished(UUID.fromString(second.json().path("id").asString()), TIMEOUT);
        assertThat(alice.delete("/api/v1/datasets/" + dataset).status()).isEqualTo(204);
        // the log is captured (the uploads were logged), and the check after each test reads it
        assertThat(output.getAll()).contains("Stored dataset " + dataset);
    }

    @Test
    void quotasLimitEachOwnersStoredBytesAndActiveJobs() {
        JobApi carol = admin.as(createKey(owner("carol"), "user"));
        JobApi dave = admin.as(createKey(owner("dave"), "user"));
        long datasetBytes = 8L * 6 * 2;
        try {
            quotas.override(datasetBytes + datasetBytes / 2, 1);

            UUID dataset = carol.upload("first.csv", CSV);
            Response second = carol.uploadCsv("second.csv", CSV);
            assertQuota(second, 413, "dataset-bytes", datasetBytes + datasetBytes / 2);
            assertThat(second.json().path("used").asLong()).isEqualTo(datasetBytes);
            assertThat(ids(carol.get("/api/v1/datasets"))).containsExactly(dataset.toString());
            // another owner has room of its own
            UUID daves = dave.upload("dave.csv", CSV);

            UUID slow = carol.accepted(slowSpec(dataset));
            Response refused = carol.submit(spec(dataset));
            assertQuota(refused, 429, "active-jobs", 1);
            assertThat(refused.header("Retry-After")).isNotNull();
            UUID davesJob = dave.accepted(slowSpec(daves));

            assertThat(carol.post("/api/v1/jobs/" + slow + "/cancel", "").status()).isEqualTo(202);
            carol.awaitFinished(slow, TIMEOUT);
            UUID next = carol.accepted(spec(dataset));
            carol.awaitFinished(next, TIMEOUT);
            dave.post("/api/v1/jobs/" + davesJob + "/cancel", "");
            dave.awaitFinished(davesJob, TIMEOUT);

            // no room at all: refused before the body is read
            quotas.override(datasetBytes, 1);
            assertQuota(carol.uploadCsv("third.csv", CSV), 413, "dataset-bytes", datasetBytes);
        } finally {
            quotas.reset();
        }
    }

    @Test
    void concurrentRequestsOfOneOwnerDoNotPassAQuotaTogether() throws Exception {
        JobApi erin = admin.as(createKey(owner("erin"), "user"));
        long datasetBytes = 8L * 6 * 2;
        int requests = 6;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            UUID dataset = erin.upload("erin.csv", CSV);
            quotas.override(2 * datasetBytes, 1);
            List<Future<Response>> uploads = new ArrayList<>();
            List<Future<Response>> submissions = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                uploads.add(pool.submit(() -> erin.uploadCsv("race.csv", CSV)));
            }
            for (int i = 0; i < requests; i++) {
                submissions.add(pool.submit(() -> erin.submit(slowSpec(dataset))));
            }
            assertThat(statuses(uploads)).containsExactlyInAnyOrder(201, 413, 413, 413, 413, 413);
            List<Integer> submitted = statuses(submissions);
            assertThat(submitted).containsExactlyInAnyOrder(202, 429, 429, 429, 429, 429);
            for (Future<Response> f : submissions) {
                if (f.get().status() == 202) {
                    UUID job = UUID.fromString(f.get().json().path("id").asString());
                    erin.post("/api/v1/jobs/" + job + "/cancel", "");
                    erin.awaitFinished(job, TIMEOUT);
                }
            }
        } finally {
            quotas.reset();
            pool.shutdownNow();
        }
    }

    @Test
    void probesAndTheApiDocumentAreOpenTheRestOfActuatorIsForAdministrators() {
        JobApi anonymous = admin.as(null);
        JobApi user = admin.as(createKey(owner("ops"), "user"));
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(anonymous.get("/swagger-ui/index.html").status()).isEqualTo(200);

        // without a management port of its own, Prometheus is on the API's port: administrators only
        for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/info")) {
            assertUnauthorized(anonymous.get(path), false);
            assertThat(user.get(path).status()).as(path).isEqualTo(403);
            assertThat(admin.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(admin.get("/actuator/env").status()).isEqualTo(404);

        // every operation of the document declares the bearer scheme
        JsonNode spec = anonymous.get("/v3/api-docs").json();
        assertThat(spec.path("components").path("securitySchemes").path("bearer").path("scheme").asString())
                .isEqualTo("bearer");
        List<String> undeclared = new ArrayList<>();
        spec.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (!op.getValue().path("security").toString().contains("bearer")) {
                undeclared.add(op.getKey() + " " + path.getKey());
            }
        }));
        assertThat(undeclared).isEmpty();
    }

    static List<Integer> statuses(List<Future<Response>> responses) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (Future<Response> response : responses) {
            statuses.add(response.get(60, TimeUnit.SECONDS).status());
        }
        return statuses;
    }

    static void assertUnauthorized(Response response, boolean credentialSent) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        if (credentialSent) {
            assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
        }
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("type").asString()).isEqualTo("https://estimator.dev/problems/unauthorized");
        assertThat(problem.path("title").asString()).isEqualTo("Authentication required");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("est_");
    }

    static void assertNotFound(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(404);
        assertThat(response.json().path("type").asString()).endsWith("/not-found");
    }

    static void assertQuota(Response response, int status, String quota, long limit) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("type").asString()).endsWith("/quota-exceeded");
        assertThat(problem.path("quota").asString()).isEqualTo(quota);
        assertThat(problem.path("limit").asLong()).isEqualTo(limit);
        assertThat(problem.path("detail").asString()).contains("estimator.quotas." + quota)
                .contains(String.valueOf(limit));
    }

    /** Creates a key through the API (as the test administrator); the key. */
    String createKey(String name, String role) {
        Response r = admin.post("/api/v1/keys", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String secret = r.json().path("key").asString();
        secrets.add(secret);
        return secret;
    }

    UUID keyId(String secret) {
        Response r = admin.get("/api/v1/keys?size=100");
        for (JsonNode key : r.json().path("content")) {
            // configured keys have no prefix (null)
            if (!key.path("prefix").isNull() && secret.startsWith(key.path("prefix").asString())) {
                return UUID.fromString(key.path("id").asString());
            }
        }
        throw new AssertionError("no key with the prefix of the key");
    }

    static String owner(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static List<String> ids(Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().path("content").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    static String spec(UUID dataset) {
        return "{\"datasetId\": \"" + dataset + "\", \"target\": \"y\", \"optimizer\": {\"maxIterations\": 20}}";
    }

    /**
     * A job that runs until cancelled (in practice): no tolerance, a huge iteration limit; the time limit ends it
     * should a failed test leave it running in the shared database.
     */
    static String slowSpec(UUID dataset) {
        return "{\"datasetId\": \"" + dataset + "\", \"target\": \"y\", \"optimizer\": {\"maxIterations\": 100000000,"
                + " \"tolerance\": 0, \"learningRate\": 0.001}, \"maxRuntimeSeconds\": 60}";
    }
}
