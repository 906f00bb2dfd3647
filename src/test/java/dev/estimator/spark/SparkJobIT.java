package dev.estimator.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.job.JobApi;
import dev.estimator.job.TestData;
import tools.jackson.databind.JsonNode;

/**
 * Jobs on Spark over HTTP with the local launcher (child JVMs running Spark in local[2]): a Parquet directory
 * written by the test, registered by reference, trains to the coefficients of the same rows uploaded as CSV;
 * cancel stops the driver's process; a driver killed mid-job is launched again and the job ends SUCCEEDED with
 * an unbroken loss history and the same result. Needs the driver built (target/spark-driver, by package).
 */
@Tag("spark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "estimator.spark.launcher=local", "estimator.spark.sources=file:", "estimator.spark.local.master=local[2]",
        "estimator.spark.local.jvm-options=-Xmx1g"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkJobIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final int ITERATIONS = 60;

    @TempDir
    static Path dir;
    private static UUID external;
    private static UUID uploaded;
    private static JsonNode sparkResult;

    @LocalServerPort
    int port;
    JobApi api;

    @BeforeEach
    void client() throws Exception {
        api = new JobApi(port);
        if (external == null) {
            String csv = TestData.linearCsv(TestData.linearRows(2_000, 17));
            Path csvFile = dir.resolve("rows.csv");
            Files.writeString(csvFile, csv);
            Path parquet = dir.resolve("parquet");
            toParquet(csvFile, parquet);
            JobApi.Response registered = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/api/v1/datasets"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                            {"name": "rows", "source": {"uri": "%s", "format": "parquet"}}"""
                            .formatted(parquet.toUri()))));
            assertThat(registered.status()).as(registered.body()).isEqualTo(202);
            external = UUID.fromString(registered.json().path("id").asString());
            JsonNode ready = awaitDataset(external);
            assertThat(ready.path("status").asString()).as(ready.toString()).isEqualTo("READY");
            uploaded = api.upload("rows.csv", csv);
        }
    }

    private JsonNode awaitDataset(UUID id) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode d;
        do {
            d = api.get("/api/v1/datasets/" + id + "?waitSeconds=10").json();
        } while (d.path("status").asString().equals("PROFILING") && System.nanoTime() < deadline);
        return d;
    }

    private static String spec(UUID dataset, String engine) {
        return """
                {"datasetId": "%s", "target": "y", "engine": "%s",
                 "optimizer": {"learningRate": 0.3, "maxIterations": %d, "tolerance": 0}}"""
                .formatted(dataset, engine, ITERATIONS);
    }

    @Test
    @Order(1)
    void aJobOnParquetEqualsTheSameJobOnTheUploadedCsv() {
        JobApi.Response submitted = api.submit(spec(external, "auto"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        assertThat(submitted.json().path("spec").path("engine").asString()).isEqualTo("spark");
        UUID onSpark = UUID.fromString(submitted.json().path("id").asString());
        UUID local = api.accepted(spec(uploaded, "auto"));

        JsonNode done = api.awaitFinished(onSpark, TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("engineDetails").path("applicationId").asString()).startsWith("local-");
        assertThat(api.awaitFinished(local, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");

        sparkResult = api.get("/api/v1/jobs/" + onSpark + "/result").json();
        JsonNode expected = api.get("/api/v1/jobs/" + local + "/result").json();
        assertThat(sparkResult.path("trainingRows").asInt()).isEqualTo(2_000);
        assertThat(sparkResult.path("intercept").path("value").asDouble())
                .isCloseTo(expected.path("intercept").path("value").asDouble(), within(1e-9));
        assertThat(sparkResult.path("coefficients").size()).isEqualTo(expected.path("coefficients").size());
        for (int j = 0; j < expected.path("coefficients").size(); j++) {
            JsonNode e = expected.path("coefficients").get(j);
            JsonNode s = sparkResult.path("coefficients").get(j);
            assertThat(s.path("name").asString()).isEqualTo(e.path("name").asString());
            assertThat(s.path("value").asDouble()).as(e.path("name").asString())
                    .isCloseTo(e.path("value").asDouble(), within(1e-9));
            assertThat(s.path("standardError").asDouble())
                    .isCloseTo(e.path("standardError").asDouble(), within(1e-9));
        }
        assertUnbrokenHistory(onSpark);

        JsonNode refused = api.submit(spec(external, "local")).json();
        assertThat(refused.toString()).contains("engine");
    }

    @Test
    @Order(2)
    void cancelStopsTheDriverProcess() throws Exception {
        UUID id = api.accepted(spec(external, "spark").replace("\"maxIterations\": " + ITERATIONS,
                "\"maxIterations\": 1000000"));
        api.awaitProgress(id, TIMEOUT);
        Optional<ProcessHandle> driver = driver(id);
        assertThat(driver).as("the job's driver process").isPresent();
        assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(202);
        JsonNode done = api.awaitFinished(id, Duration.ofSeconds(30));
        assertThat(done.path("status").asString()).isEqualTo("CANCELLED");
        driver.get().onExit().get(30, TimeUnit.SECONDS);
        assertThat(driver.get().isAlive()).isFalse();
    }

    @Test
    @Order(3)
    void aKilledDriverIsLaunchedAgainAndTheJobEndsFromItsCheckpoint() throws Exception {
        UUID id = api.accepted(spec(external, "spark"));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (api.job(id).json().path("progress").path("iteration").asInt() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        ProcessHandle driver = driver(id).orElseThrow();
        driver.destroyForcibly();
        driver.onExit().get(30, TimeUnit.SECONDS);

        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertUnbrokenHistory(id);
        JsonNode result = api.get("/api/v1/jobs/" + id + "/result").json();
        // resuming from a snapshot continues bit-identically
        assertThat(result.path("coefficients").toString()).isEqualTo(sparkResult.path("coefficients").toString());
        assertThat(result.path("finalLoss").asDouble()).isEqualTo(sparkResult.path("finalLoss").asDouble());
    }

    private void assertUnbrokenHistory(UUID id) {
        JsonNode points = api.get("/api/v1/jobs/" + id + "/loss").json().path("points");
        assertThat(points.size()).isEqualTo(ITERATIONS);
        for (int i = 0; i < ITERATIONS; i++) {
            assertThat(points.get(i).path("iteration").asInt()).isEqualTo(i);
        }
    }

    /** The live driver process of a job, found by its application name on the command line. */
    private static Optional<ProcessHandle> driver(UUID job) {
        String marker = "-Destimator.spark.application=estimator-job-" + job.toString().substring(0, 8);
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().arguments().map(a -> List.of(a).stream().anyMatch(x -> x.startsWith(marker)))
                        .orElse(false))
                .findFirst();
    }

    /** The driver's own data preparation command: CSV to a Parquet directory of three files. */
    private static void toParquet(Path csv, Path parquet) throws IOException, InterruptedException {
        Path folder = LocalSparkLauncher.defaultFolder();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LocalSparkLauncher.MODULE_OPTIONS);
        command.addAll(List.of("-cp", folder + "/*", LocalSparkLauncher.MAIN, "parquet", "--from", csv.toUri().toString(),
                "--to", parquet.toUri().toString(), "--parts", "3", "--master", "local[2]"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("parquet.log").toFile()).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("parquet.log"))).isZero();
    }
}
