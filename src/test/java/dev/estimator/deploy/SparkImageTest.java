package dev.estimator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.w3c.dom.Document;

import dev.estimator.spark.kubernetes.KubernetesSparkProperties;

/**
 * The Spark driver image (spark/Dockerfile) without a container engine: its base is the official Spark image of
 * the Spark version and Java release the driver's build (spark/pom.xml) uses; its build stage builds that pom and
 * its final stage copies that build's output folder; the driver jar lands where the kubernetes launcher's
 * default {@code main-application-file} and {@code class-path} point; its build context holds what the build
 * stage copies; and the final stage's jar pruning, run as it is written on folders of jars standing for the
 * driver's output and Spark's jars, keeps only what Spark lacks.
 */
class SparkImageTest {

    static final Path DOCKERFILE = Path.of("spark", "Dockerfile");
    static final Path DOCKERIGNORE = Path.of("spark", "Dockerfile.dockerignore");
    static final Path DRIVER_POM = Path.of("spark", "pom.xml");

    @TempDir
    Path work;

    @Test
    void theBaseIsTheOfficialSparkImageOfTheDriversSparkAndJava() throws Exception {
        Dockerfile dockerfile = Dockerfile.read(DOCKERFILE);
        assertThat(dockerfile.stages()).hasSize(2);
        Document pom = pom();
        String spark = property(pom, "spark.version");
        String java = property(pom, "maven.compiler.release");
        String scala = text(pom, "artifactId", "spark-sql_").substring("spark-sql_".length());
        assertThat(dockerfile.last().image())
                .isEqualTo("apache/spark:" + spark + "-scala" + scala + "-java" + java + "-ubuntu");
        assertThat(dockerfile.stage("build").image()).isEqualTo("eclipse-temurin:" + java + "-jdk");
        // the service runs on the same Java release
        assertThat(property(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile()),
                "java.version")).isEqualTo(java);
    }

    @Test
    void theImageHoldsTheDriverWhereTheLauncherLooksForIt() throws Exception {
        Dockerfile dockerfile = Dockerfile.read(DOCKERFILE);
        Dockerfile.Stage build = dockerfile.stage("build");
        Dockerfile.Stage image = dockerfile.last();
        assertThat(build.last("RUN").arguments()).contains("-f spark/pom.xml").contains(" package");

        Document pom = pom();
        String folder = property(pom, "driver.folder").replace("${project.basedir}/../", "");
        String driverJar = text(pom, "finalName", "") + ".jar";
        List<Dockerfile.Instruction> copies = image.all("COPY");
        assertThat(copies).singleElement().satisfies(c -> assertThat(c.arguments())
                .isEqualTo("--from=build " + build.workdir() + "/" + folder + "/ /opt/estimator/lib/"));
        assertThat(image.all("RUN")).singleElement().satisfies(r -> assertThat(r.arguments())
                .contains("mv " + driverJar + " ../"));

        KubernetesSparkProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of(
                "estimator.spark.kubernetes.image", "estimator-spark:0.1.0",
                "estimator.spark.kubernetes.database-secret.name", "db")))
                .bindOrCreate("estimator.spark.kubernetes", KubernetesSparkProperties.class);
        assertThat(defaults.mainApplicationFile()).isEqualTo("local:///opt/estimator/" + driverJar);
        assertThat(defaults.classPath()).isEqualTo("/opt/estimator/lib/*");
        assertThat(defaults.sparkVersion()).isEqualTo(property(pom, "spark.version"));

        // the operator's pods run the base image's entry point as its user, from its work folder
        assertThat(image.all("ENTRYPOINT")).isEmpty();
        assertThat(image.all("CMD")).isEmpty();
        assertThat(image.last("USER").arguments()).isEqualTo("spark");
        assertThat(image.workdir()).isEqualTo("/opt/spark/work-dir");
    }

    @Test
    void theBuildContextHoldsWhatTheBuildStageCopiesAndNoTests() throws Exception {
        List<String> included = Files.readAllLines(DOCKERIGNORE).stream().map(String::strip)
                .filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();
        assertThat(Files.readAllLines(DOCKERIGNORE)).contains("*");
        for (Dockerfile.Instruction copy : Dockerfile.read(DOCKERFILE).stage("build").all("COPY")) {
            String source = copy.arguments().split(" ")[0];
            assertThat(included).as("%s is in the context", source).anyMatch(source::startsWith);
            assertThat(Path.of(source)).as("and exists").exists();
        }
        assertThat(included).noneMatch(i -> i.contains("test")).noneMatch(i -> i.equals("target/"));
    }

    @Test
    void thePruningKeepsTheDriverAndOnlyTheJarsSparkLacks() throws Exception {
        Dockerfile.Stage image = Dockerfile.read(DOCKERFILE).last();
        Dockerfile.Instruction prune = image.all("RUN").get(0);
        assertThat(image.instructions().get(image.instructions().indexOf(prune) - 1))
                .isEqualTo(new Dockerfile.Instruction("WORKDIR", "/opt/estimator/lib"));

        Path sparkHome = work.resolve("opt/spark");
        Path lib = work.resolve("opt/estimator/lib");
        jars(sparkHome.resolve("jars"), "spark-core_2.13-4.2.0.jar", "scala-library-2.13.16.jar",
                "commons-math3-3.6.1.jar", "jackson-core-2.20.1.jar", "jackson-core-asl-1.9.13.jar",
                "log4j-api-2.24.3.jar");
        jars(lib, "estimator-spark-driver.jar", "spark-core_2.13-4.2.0.jar", "scala-library-2.13.16.jar",
                "commons-math3-3.6.1.jar", "jackson-core-2.19.2.jar", "postgresql-42.7.13.jar",
                "jackson-module-blackbird-2.19.2.jar", "log4j-api-2.24.3.jar");

        ProcessBuilder sh = new ProcessBuilder("sh", "-c", prune.arguments()).directory(lib.toFile())
                .redirectErrorStream(true);
        sh.environment().put("SPARK_HOME", sparkHome.toString());
        Process p = sh.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        assertThat(work.resolve("opt/estimator/estimator-spark-driver.jar")).exists();
        // another version of a jar Spark has goes too: Spark's own wins on the class path
        assertThat(names(lib)).containsExactlyInAnyOrder("postgresql-42.7.13.jar", "jackson-module-blackbird-2.19.2.jar");
        assertThat(names(sparkHome.resolve("jars"))).hasSize(6);
    }

    private static void jars(Path dir, String... names) throws IOException {
        Files.createDirectories(dir);
        for (String name : names) {
            Files.writeString(dir.resolve(name), name);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.map(f -> f.getFileName().toString()).toList());
        }
    }

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(DRIVER_POM.toFile());
    }

    private static String property(Document pom, String name) {
        return text(pom, name, "");
    }

    /** The text of the first element named {@code tag} whose text starts with {@code prefix}. */
    private static String text(Document pom, String tag, String prefix) {
        var nodes = pom.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            String text = nodes.item(i).getTextContent().strip();
            if (text.startsWith(prefix)) {
                return text;
            }
        }
        throw new AssertionError("no <" + tag + "> starting with '" + prefix + "' in " + DRIVER_POM);
    }
}
