package dev.estimator.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each application as a child JVM with Spark in {@code local[N]}: {@code java -cp <driver folder>/*
 * dev.estimator.driver.Main …}. A child JVM needs no Spark distribution (spark-submit would); Spark's module
 * flags are passed as spark-submit would pass them. Its output goes to the service's log, a line at a time.
 * The application's id is its launch name, which its command line carries, so another instance on the same
 * machine can {@link #find} it after the instance that started it died.
 */
public final class LocalSparkLauncher implements SparkLauncher {

    static final String MAIN = "dev.estimator.driver.Main";
    private static final String NAME_PROPERTY = "-Destimator.spark.application=";
    private static final Logger log = LoggerFactory.getLogger(LocalSparkLauncher.class);
    private static final Logger driverLog = LoggerFactory.getLogger("dev.estimator.spark.driver");

    /** Spark 4.2's {@code org.apache.spark.launcher.JavaModuleOptions}, plus the engine's Vector API. */
    static final List<String> MODULE_OPTIONS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-modules=jdk.incubator.vector",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private final SparkProperties.Local settings;
    private final Path folder;
    private final Map<String, String> secrets;
    private final Map<String, LocalApplication> started = new ConcurrentHashMap<>();

    /** @param secrets environment the driver gets besides each launch's own (e.g. database credentials) */
    public LocalSparkLauncher(SparkProperties.Local settings, Map<String, String> secrets) {
        this.settings = settings;
        this.folder = settings.driverFolder() != null ? settings.driverFolder() : defaultFolder();
        this.secrets = Map.copyOf(secrets);
    }

    public Path folder() {
        return folder;
    }

    @Override
    public SparkApplication launch(SparkLaunch launch) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("no Spark driver at " + folder
                    + " (build it with ./mvnw package, or set estimator.spark.local.driver-folder)");
        }
        List<String> command = new ArrayList<>();
        command.add(settings.java() != null ? settings.java().toString()
                : Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(MODULE_OPTIONS);
        command.addAll(settings.jvmOptions());
        command.add(NAME_PROPERTY + launch.name());
        command.add("-cp");
        command.add(folder.toAbsolutePath() + "/*");
        command.add(MAIN);
        command.addAll(launch.arguments());
        command.add("--master");
        command.add(settings.master());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(launch.environment());
        builder.environment().putAll(secrets);
        try {
            Process process = builder.start();
            LocalApplication app = new LocalApplication(launch.name(), process.toHandle(), process);
            started.put(launch.name(), app);
            Thread pump = new Thread(() -> pump(launch.name(), process), "spark-" + launch.name());
            pump.setDaemon(true);
            pump.start();
            log.info("Started Spark application {} (pid {}, master {})", launch.name(), process.pid(),
                    settings.master());
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Spark driver: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<SparkApplication> find(String applicationId) {
        LocalApplication mine = started.get(applicationId);
        if (mine != null) {
            return Optional.of(mine);
        }
        String marker = NAME_PROPERTY + applicationId;
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false))
                .findFirst()
                .map(h -> new LocalApplication(applicationId, h, null));
    }

    private static void pump(String name, Process process) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                driverLog.info("[{}] {}", name, line);
            }
        } catch (IOException e) {
            // the child is gone; its exit code tells the rest
        }
    }

    /**
     * {@code spark-driver} beside the service's jar when it runs from one, else beside the class folder's parent
     * ({@code target/spark-driver} in a build, where {@code ./mvnw package} puts it).
     */
    static Path defaultFolder() {
        try {
            Path code = Path.of(LocalSparkLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.toAbsolutePath().getParent().resolve("spark-driver");
        } catch (URISyntaxException | RuntimeException e) {
            // Boot's nested jar URLs (jar:nested:…!/BOOT-INF/classes!/) are not file URIs
            return nestedJarFolder();
        }
    }

    private static Path nestedJarFolder() {
        String location = String.valueOf(LocalSparkLauncher.class.getProtectionDomain().getCodeSource().getLocation());
        int jar = location.indexOf(".jar");
        String path = jar < 0 ? location : location.substring(0, jar + 4);
        path = path.replaceFirst("^(jar:)?(nested:)?(file:)?", "");
        return Path.of(path).toAbsolutePath().getParent().resolve("spark-driver");
    }

    /** A child JVM; {@code process} is null for one found by its command line (another instance started it). */
    private static final class LocalApplication implements SparkApplication {
        private final String id;
        private final ProcessHandle handle;
        private final Process process;

        LocalApplication(String id, ProcessHandle handle, Process process) {
            this.id = id;
            this.handle = handle;
            this.process = process;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Optional<URI> ui() {
            return Optional.empty();
        }

        @Override
        public SparkApplicationState state() {
            if (handle.isAlive()) {
                return SparkApplicationState.RUNNING;
            }
            if (process == null) {
                return SparkApplicationState.GONE;
            }
            return process.exitValue() == 0 ? SparkApplicationState.SUCCEEDED : SparkApplicationState.FAILED;
        }

        @Override
        public void stop() {
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
        }
    }
}
