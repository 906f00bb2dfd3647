package dev.estimator.job;

import dev.estimator.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Two processes of the packaged service on one PostgreSQL database, killed with SIGKILL again and again (failsafe
 * runs this after {@code package}). Runs that advance a job's checkpoint are resumed as often as it takes, so a
 * search survives instances dying under it every few seconds; a job that kills its process before its first
 * checkpoint every time is FAILED after {@code max-attempts} such runs, while the other jobs succeed.
 */
class JobChurnIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(8);
    /** Below the default: more resumptions than this show that runs with progress do not count. */
    private static final int MAX_ATTEMPTS = 2;
    /** Least time from a kill (or from the survivor becoming ready) to the next: its runs write a checkpoint. */
    private static final long KILL_INTERVAL_MS = 2500;
    private static final List<String> SETTINGS = List.of("--estimator.jobs.lease=3s",
            "--estimator.jobs.poll-interval=200ms", "--estimator.jobs.flush-interval=200ms",
            "--estimator.jobs.max-attempts=" + MAX_ATTEMPTS, "--spring.datasource.hikari.connection-timeout=2000",
            // every restart would otherwise spend its first seconds of both cores warming the kernels up
            "--estimator.engine.warm-up=false");

    private final List<ServiceProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ServiceProcess p : processes) {
            p.close();
        }
    }

    @Test
    void aSearchSucceedsWhileItsInstancesAreKilledInTurn() throws Exception {
        String url = TestDatabase.fresh("churn");
        // every job of the search runs at once on whichever instance is up, so each kill interrupts them all
        List<String> settings = new ArrayList<>(SETTINGS);
        settings.addAll(List.of("--estimator.jobs.max-concurrent=12", "--estimator.jobs.pool-threads=2"));
        ServiceProcess a = process("churn-a", url, List.of(), settings);
        ServiceProcess b = process("churn-b", url, List.of(), settings);
        a.launch();
        b.start();
        a.awaitReady();
        JobApi api = a.api();
        // jobs of seconds each, minutes of training for the search on two cores: an instance takes up to ~30 s to
        // start again here, and a run must be interrupted by more kills than max-attempts
        UUID dataset = api.upload("churn.csv", TestData.linearCsv(TestData.linearRows(200_000, 17)));
        String search = """
                {"folds": 3, "metric": "rmse",
                 "base": {"datasetId": "%s", "target": "y", "validation": {"patience": 0},
                          "optimizer": {"update": "adam", "maxIterations": 9000, "tolerance": 0}},
                 "grid": {"optimizer.learningRate": [0.001, 0.003, 0.01, 0.03]}}""".formatted(dataset);
        UUID churned = submitSearch(api, search);

        // kill a, then b, then a...: each once the other is up again (and the last kill is a while ago), so that
        // the jobs it took over from the last one killed have had time to write a checkpoint
        ServiceProcess victim = a;
        ServiceProcess survivor = b;
        int kills = 0;
        long lastKill = System.nanoTime();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!finished(a.api(), churned) && !finished(b.api(), churned)) {
            assertThat(System.nanoTime()).as("search %s still running after %d kills", churned, kills)
                    .isLessThan(deadline);
            if (survivor.ready() && System.nanoTime() - lastKill >= KILL_INTERVAL_MS * 1_000_000) {
                victim.kill();
                lastKill = System.nanoTime();
                victim.launch();
                kills++;
                ServiceProcess next = survivor;
                survivor = victim;
                victim = next;
            }
            Thread.sleep(100);
        }
        survivor.awaitReady();
        api = survivor.api();
        JsonNode disturbed = api.get("/api/v1/searches/" + churned).json();
        assertThat(disturbed.path("status").asString()).as(disturbed.toString()).isEqualTo("SUCCEEDED");
        System.out.printf("churn: search %s succeeded through %d SIGKILLs%n", churned, kills);

        // the same search, undisturbed
        UUID straight = submitSearch(api, search);
        long wait = System.nanoTime() + TIMEOUT.toNanos();
        while (!finished(api, straight)) {
            assertThat(System.nanoTime()).as("reference search %s", straight).isLessThan(wait);
            Thread.sleep(200);
        }
        JsonNode reference = api.get("/api/v1/searches/" + straight).json();
        assertThat(reference.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(disturbed.path("candidates").size()).isEqualTo(4);
        for (int c = 0; c < 4; c++) {
            JsonNode scores = disturbed.path("candidates").get(c).path("foldScores");
            JsonNode expected = reference.path("candidates").get(c).path("foldScores");
            assertThat(scores.size()).isEqualTo(3);
            for (int f = 0; f < 3; f++) {
                assertThat(scores.get(f).asDouble()).as("candidate %d fold %d", c, f)
                        .isEqualTo(expected.get(f).asDouble());
            }
        }

        Map<String, JsonNode> referenceJobs = jobsByFold(api, straight);
        int mostResumes = 0;
        for (JsonNode job : jobsOf(api, churned)) {
            UUID id = UUID.fromString(job.path("id").asString());
            assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
            mostResumes = Math.max(mostResumes, job.path("progress").path("resumes").asInt());
            JsonNode points = api.get("/api/v1/jobs/" + id + "/loss?limit=10000").json().path("points");
            JsonNode twin = referenceJobs.get(foldKey(job));
            JsonNode expected = api.get("/api/v1/jobs/" + twin.path("id").asString() + "/loss?limit=10000").json()
                    .path("points");
            int iterations = job.path("progress").path("iteration").asInt();
            assertThat(points.size()).as("job %s history", id).isEqualTo(iterations).isEqualTo(expected.size());
            for (int i = 0; i < points.size(); i++) {
                assertThat(points.get(i).path("iteration").asInt()).as("job %s point %d", id, i).isEqualTo(i);
                assertThat(points.get(i).path("loss").asDouble()).as("job %s loss %d", id, i)
                        .isEqualTo(expected.get(i).path("loss").asDouble());
            }
        }
        System.out.printf("churn: most resumptions of one job %d (max-attempts %d)%n", mostResumes, MAX_ATTEMPTS);
        assertThat(mostResumes).as("some job resumed more often than max-attempts").isGreaterThan(MAX_ATTEMPTS);
    }

    @Test
    void aJobThatKillsItsProcessIsFailedAfterMaxAttemptsRunsWhileOthersSucceed() throws Exception {
        String url = TestDatabase.fresh("poison");
        // one job at a time per instance: a run of the poison job takes no other job's run down with it
        List<String> settings = new ArrayList<>(SETTINGS);
        settings.add("--estimator.jobs.max-concurrent=1");
        List<String> poisoned = List.of("-D" + FaultInjection.HALT_ON_JOB + "=poison");
        ServiceProcess a = process("poison-a", url, poisoned, settings);
        ServiceProcess b = process("poison-b", url, poisoned, settings);
        a.launch();
        b.start();
        a.awaitReady();
        JobApi api = b.api();
        UUID dataset = api.upload("poison.csv", TestData.linearCsv(TestData.linearRows(5_000, 19)));
        String spec = """
                {"datasetId": "%s", "name": "%s", "target": "y",
                 "optimizer": {"update": "adam", "maxIterations": 1500, "tolerance": 0}}""";
        List<UUID> healthy = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            healthy.add(api.accepted(spec.formatted(dataset, "healthy-" + i)));
        }
        UUID poison = api.accepted(spec.formatted(dataset, "poison"));

        // restart whichever process the poison job took down
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            for (ServiceProcess p : List.of(a, b)) {
                if (!p.alive()) {
                    p.launch();
                }
            }
            ServiceProcess up = a.ready() ? a : b.ready() ? b : null;
            if (up != null) {
                api = up.api();
                if (terminal(api, poison) && healthy.stream().allMatch(id -> terminal(api(up), id))) {
                    break;
                }
            }
            assertThat(System.nanoTime()).as("jobs still running").isLessThan(deadline);
            Thread.sleep(200);
        }
        JsonNode failed = api.job(poison).json();
        assertThat(failed.path("status").asString()).isEqualTo("FAILED");
        assertThat(failed.path("error").path("code").asString()).isEqualTo("INTERNAL");
        assertThat(failed.path("error").path("message").asString()).isEqualTo(
                JobExecution.givenUpMessage(MAX_ATTEMPTS));
        // max-attempts runs that each took their process down, and the claim that gave up
        assertThat(failed.path("progress").path("resumes").asInt()).isEqualTo(MAX_ATTEMPTS);
        assertThat(failed.path("progress").path("iteration").asInt()).isZero();
        assertThat(a.starts() + b.starts()).isEqualTo(2 + MAX_ATTEMPTS);
        for (UUID id : healthy) {
            JsonNode job = api.job(id).json();
            assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("progress").path("resumes").asInt()).isZero();
            assertThat(api.get("/api/v1/jobs/" + id + "/loss?limit=10000").json().path("points").size())
                    .isEqualTo(1500);
        }
    }

    private static JobApi api(ServiceProcess p) {
        return p.api();
    }

    private ServiceProcess process(String instance, String url, List<String> jvmArgs, List<String> settings) {
        ServiceProcess p = new ServiceProcess(instance, url, jvmArgs, settings);
        processes.add(p);
        return p;
    }

    private static UUID submitSearch(JobApi api, String json) {
        JobApi.Response r = api.post("/api/v1/searches", json);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return UUID.fromString(r.json().path("id").asString());
    }

    /** Whether the search has finished; false while the instance asked cannot answer (it was just killed). */
    private static boolean finished(JobApi api, UUID search) {
        try {
            JobApi.Response r = api.get("/api/v1/searches/" + search);
            String status = r.json().path("status").asString();
            return r.status() == 200 && !status.equals("QUEUED") && !status.equals("RUNNING");
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean terminal(JobApi api, UUID job) {
        try {
            String status = api.job(job).json().path("status").asString();
            return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED");
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<JsonNode> jobsOf(JobApi api, UUID search) {
        List<JsonNode> jobs = new ArrayList<>();
        api.get("/api/v1/jobs?size=100&searchId=" + search).json().path("content").forEach(jobs::add);
        assertThat(jobs).hasSize(12);
        return jobs;
    }

    private static Map<String, JsonNode> jobsByFold(JobApi api, UUID search) {
        Map<String, JsonNode> jobs = new HashMap<>();
        jobsOf(api, search).forEach(job -> jobs.put(foldKey(job), job));
        return jobs;
    }

    /** A job of a search by its candidate and fold. */
    private static String foldKey(JsonNode job) {
        JsonNode spec = job.path("spec");
        return spec.path("optimizer").path("learningRate").asDouble() + "/"
                + spec.path("validation").path("fold").asInt();
    }
}
