package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.engine.GlmReference;
import tools.jackson.databind.JsonNode;

/**
 * The README's walk-through of the shipped samples: a Poisson rate model with an exposure offset on
 * {@code samples/claims.csv} and a three-class model on {@code samples/birds.csv}, each against a reference
 * fit computed here on the same rows (the printed results are the ones the README shows).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleWalkThroughTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    JobApi api;

    @BeforeEach
    void client() {
        api = new JobApi(port);
    }

    private static List<String[]> rows(String csv) {
        List<String[]> out = new ArrayList<>();
        for (String line : csv.split("\n")) {
            if (!line.isEmpty()) {
                out.add(line.split(","));
            }
        }
        return out.subList(1, out.size());
    }

    private JsonNode result(String spec) {
        UUID id = api.accepted(spec);
        JsonNode done = api.awaitFinished(id, TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        JsonNode result = api.get("/api/v1/jobs/" + id + "/result").json();
        System.out.println("job " + id + " result: " + result.toPrettyString());
        return result;
    }

    @Test
    void claimsPerPolicyYear() throws IOException {
        String csv = Files.readString(Path.of("samples", "claims.csv"));
        UUID dataset = api.upload("claims.csv", csv);
        // region (city, coast, rural: city the baseline), driverAge; offset log(exposure)
        List<String[]> rows = rows(csv);
        double[][] x = new double[rows.size()][3];
        double[] y = new double[rows.size()];
        double[] offset = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            x[i][0] = Double.parseDouble(r[1]);
            x[i][1] = r[0].equals("coast") ? 1 : 0;
            x[i][2] = r[0].equals("rural") ? 1 : 0;
            offset[i] = Double.parseDouble(r[3]);
            y[i] = Double.parseDouble(r[4]);
        }
        GlmReference reference = GlmReference.irls(x, y, null, offset, GlmReference.Family.POISSON);
        JsonNode result = result("""
                {"datasetId": "%s", "target": "claims", "model": "poisson",
                 "features": ["driverAge", "region"], "offset": "logExposure",
                 "optimizer": {"algorithm": "newton"}}""".formatted(dataset));
        assertThat(result.path("converged").asBoolean()).isTrue();
        assertThat(result.path("iterations").asInt()).isLessThan(15);
        JsonNode c = result.path("coefficients");
        assertThat(c.get(0).path("name").asString()).isEqualTo("driverAge");
        assertThat(c.get(1).path("name").asString()).isEqualTo("region=coast");
        for (int j = 0; j < 3; j++) {
            assertThat(c.get(j).path("value").asDouble()).isCloseTo(reference.beta[j], within(1e-6 * Math.abs(reference.beta[j])));
            assertThat(c.get(j).path("standardError").asDouble())
                    .isCloseTo(reference.standardErrors[j], within(1e-5 * reference.standardErrors[j]));
        }
        assertThat(result.path("intercept").path("value").asDouble()).isCloseTo(reference.beta[3], within(1e-6));
    }

    @Test
    void threeSpeciesOfBirds() throws IOException {
        String csv = Files.readString(Path.of("samples", "birds.csv"));
        UUID dataset = api.upload("birds.csv", csv);
        List<String[]> rows = rows(csv);
        List<String> classes = List.of("heron", "ibis", "stork");
        double[][] x = new double[rows.size()][2];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            x[i][0] = Double.parseDouble(r[0]);
            x[i][1] = Double.parseDouble(r[1]);
            y[i] = classes.indexOf(r[2]);
        }
        GlmReference reference = GlmReference.multinomial(x, y, 3, null);
        JsonNode result = result("""
                {"datasetId": "%s", "target": "species", "model": "multinomial",
                 "optimizer": {"algorithm": "lbfgs"}, "validation": {"fraction": 0.2}}""".formatted(dataset));
        assertThat(result.path("referenceClass").asString()).isEqualTo("heron");
        assertThat(result.path("metrics").path("validation").path("accuracy").asDouble()).isGreaterThan(0.7);
        assertThat(result.path("classes").get(1).path("class").asString()).isEqualTo("stork");
        // the reference fits every row; the job held out a fifth, so only the signs must agree here
        assertThat(Math.signum(result.path("classes").get(0).path("coefficients").get(0).path("value").asDouble()))
                .isEqualTo(Math.signum(reference.beta[0]));
        JsonNode all = result("""
                {"datasetId": "%s", "target": "species", "model": "multinomial",
                 "optimizer": {"algorithm": "newton"}}""".formatted(dataset));
        for (int c = 0; c < 2; c++) {
            JsonNode block = all.path("classes").get(c);
            for (int j = 0; j < 3; j++) {
                JsonNode e = j < 2 ? block.path("coefficients").get(j) : block.path("intercept");
                double expected = reference.beta[c * 3 + j];
                assertThat(e.path("value").asDouble()).isCloseTo(expected, within(1e-6 * Math.abs(expected)));
                assertThat(e.path("standardError").asDouble())
                        .isCloseTo(reference.standardErrors[c * 3 + j], within(1e-5 * reference.standardErrors[c * 3 + j]));
            }
        }
        UUID id = api.accepted("""
                {"datasetId": "%s", "target": "species", "model": "multinomial", "optimizer": {"algorithm": "newton"}}"""
                .formatted(dataset));
        api.awaitFinished(id, TIMEOUT);
        JobApi.Response predicted = api.post("/api/v1/jobs/" + id + "/predictions",
                "{\"rows\": [{\"length\": 62, \"width\": 13}, {\"length\": 104, \"width\": 26}]}");
        System.out.println("predictions: " + predicted.body());
        assertThat(predicted.json().path("predictions").get(0).path("class").asString()).isEqualTo("ibis");
        assertThat(predicted.json().path("predictions").get(1).path("class").asString()).isEqualTo("stork");
    }
}
