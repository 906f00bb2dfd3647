package dev.estimator.deploy;

import dev.estimator.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.estimator.TestKeys;
import dev.estimator.job.JobApi;

/**
 * The container image's build and run steps without a container engine, on the packaged jar (failsafe, after
 * {@code package}): the build stage's layered extraction and the final stage's {@code COPY}s into a folder
 * standing for the image's WORKDIR, then the final stage's exact ENTRYPOINT with its ENV — both read from the
 * Dockerfile, so this fails when they drift — configured as the chart's Deployment configures the container
 * (its ConfigMap's application.properties, its environment), on a PostgreSQL database of its own and free ports.
 * The service must answer readiness on the management port, and leave on SIGTERM within the chart's grace
 * period after a graceful shutdown.
 */
class ImageIT {

    static final Duration STARTUP = Duration.ofSeconds(180);
    /** Kept after the run, for a look at what the service said. */
    static final Path LOG = Path.of("target", "image-it", "service.log");

    @TempDir
    Path work;

    @Test
    void theImagesCommandLineServesReadinessAndShutsDownGracefullyOnSigterm() throws Exception {
        Dockerfile dockerfile = Dockerfile.read();
        Dockerfile.Stage build = dockerfile.stage("build");
        Dockerfile.Stage image = dockerfile.last();
        assertThat(image.image()).as("final stage runs on a JRE").contains("jre");
        assertThat(image.all("COPY")).as("the final stage copies only from the build stage: no sources")
                .isNotEmpty().allSatisfy(c -> assertThat(c.arguments()).startsWith("--from=build "));

        Path buildDir = work.resolve("build");
        Path appDir = work.resolve("app");
        Files.createDirectories(buildDir);
        Files.createDirectories(appDir);
        extract(build, buildDir);
        for (Dockerfile.Instruction copy : image.all("COPY")) {
            String[] parts = copy.arguments().split(" ");
            copyTree(inStage(parts[1], build.workdir(), buildDir), inStage(parts[2], image.workdir(), appDir));
        }
        assertThat(appDir.resolve("org/springframework/boot/loader/launch/JarLauncher.class")).exists();
        assertThat(appDir.resolve("BOOT-INF/lib")).isDirectory();

        String database = ownDatabase();
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>();
        for (String arg : image.entrypoint()) {
            command.add(arg.equals("java") ? javaBinary() : inFolder(arg, image.workdir(), appDir));
        }
        // the suite's administrator key, provisioned by its hash as a deployment provisions keys
        Chart.Manifests chart = Chart.render(null, "database.url", database, "database.username", TestDatabase.user(),
                "security.keys[0].name", "test-admin", "security.keys[0].role", "admin",
                "security.keys[0].hash", sha256(TestKeys.ADMIN));
        Files.createDirectories(LOG.getParent());
        Path config = work.resolve("etc-estimator").resolve("application.properties");
        Files.createDirectories(config.getParent());
        Files.writeString(config, Chart.<String>at(chart.named("ConfigMap", Chart.RELEASE + "-estimator"),
                "data.application.properties"));

        ProcessBuilder pb = new ProcessBuilder(command).directory(appDir.toFile())
                .redirectErrorStream(true).redirectOutput(LOG.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", System.getenv("PATH"));
        env.putAll(image.env());
        List<Map<String, Object>> containerEnv = Chart.at(chart.container(), "env");
        for (Map<String, Object> variable : containerEnv) {
            if (variable.get("value") != null) {
                env.put((String) variable.get("name"), (String) variable.get("value"));
            }
        }
        // the ConfigMap where this test wrote it instead of the pod's mount; the password the Secret would give
        assertThat(env.get("SPRING_CONFIG_ADDITIONAL_LOCATION")).isEqualTo("file:/etc/estimator/application.properties");
        env.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:" + config);
        env.put("SPRING_DATASOURCE_PASSWORD", TestDatabase.password());
        // free ports instead of the chart's (the environment wins over the properties file)
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));

        Process service = pb.start();
        try {
            JobApi management = new JobApi(managementPort, null); // as the kubelet and Prometheus ask: no credentials
            awaitReady(service, management);
            JobApi api = new JobApi(port);
            assertThat(api.get("/api/v1/datasets").status()).as(log()).isEqualTo(200);
            assertThat(api.as(null).get("/api/v1/datasets").status()).isEqualTo(401);
            assertThat(api.get("/actuator/health").status()).as("actuator only on the management port").isEqualTo(404);
            assertThat(management.get("/actuator/health/liveness").status()).isEqualTo(200);
            assertThat(management.get("/actuator/prometheus").status()).isEqualTo(200);

            long grace = Chart.<Integer>at(chart.one("Deployment"), "spec.template.spec.terminationGracePeriodSeconds");
            service.destroy(); // SIGTERM, as the kubelet sends it
            assertThat(service.waitFor(grace, TimeUnit.SECONDS))
                    .as("exit within the chart's grace period of %d s; log:%n%s", grace, log()).isTrue();
            assertThat(service.exitValue()).as(log()).isEqualTo(143);
            assertThat(log()).contains("Graceful shutdown complete")
                    .contains("Using incubator modules: jdk.incubator.vector");
        } finally {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            dropOwnDatabase();
        }
    }

    /** Runs the build stage's extraction RUN line, with the packaged jar where the build put its jar. */
    private static void extract(Dockerfile.Stage build, Path buildDir) throws IOException, InterruptedException {
        String run = build.all("RUN").stream().map(Dockerfile.Instruction::arguments)
                .filter(a -> a.contains("-Djarmode=tools")).findFirst()
                .orElseThrow(() -> new AssertionError("the build stage has no layered extraction"));
        List<String> args = new ArrayList<>(List.of(run.split(" ")));
        assertThat(args.get(0)).as("a single java command: %s", run).isEqualTo("java");
        args.set(0, javaBinary());
        String jar = args.get(args.indexOf("-jar") + 1);
        Files.copy(Path.of(System.getProperty("estimator.jar")), buildDir.resolve(jar));
        Process extraction = new ProcessBuilder(args).directory(buildDir.toFile()).inheritIO().start();
        assertThat(extraction.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(extraction.exitValue()).as("extraction: %s", run).isZero();
    }

    /** A path of an image stage (absolute, or relative to its WORKDIR) in the folder standing for that WORKDIR. */
    private static Path inStage(String path, String workdir, Path folder) {
        String root = workdir.endsWith("/") ? workdir : workdir + "/";
        if (path.equals(workdir) || path.startsWith(root)) {
            return folder.resolve(path.equals(workdir) ? "" : path.substring(root.length()));
        }
        assertThat(path).as("a path outside %s", workdir).doesNotStartWith("/");
        return folder.resolve(path);
    }

    /** An argument of the entrypoint, with a path in the image's WORKDIR moved to the folder standing for it. */
    private static String inFolder(String arg, String workdir, Path folder) {
        return arg.equals(workdir) || arg.startsWith(workdir + "/") ? inStage(arg, workdir, folder).toString() : arg;
    }

    /** Docker's COPY of a directory: its contents, merged into the destination. */
    private static void copyTree(Path from, Path to) throws IOException {
        assertThat(from).as("COPY source").isDirectory();
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private void awaitReady(Process service, JobApi management) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            assertThat(service.isAlive()).as("the service exited; log:%n%s", log()).isTrue();
            try {
                JobApi.Response r = management.get("/actuator/health/readiness");
                if (r.status() == 200) {
                    assertThat(r.json().path("status").asString()).isEqualTo("UP");
                    return;
                }
            } catch (IllegalStateException notListeningYet) {
                // connection refused while the service starts
            }
            assertThat(System.nanoTime()).as("not ready after %s; log:%n%s", STARTUP, log()).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private String log() throws IOException {
        return Files.exists(LOG) ? Files.readString(LOG) : "";
    }

    private String ownDatabase() {
        return TestDatabase.fresh("image");
    }

    private void dropOwnDatabase() {
        TestDatabase.drop("image");
    }

    private static String sha256(String key) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
