package dev.estimator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.TestKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads 2,000,000 rows × 20 columns (320 MB as doubles) to a server whose heap is far smaller (the
 * {@code large-upload} surefire execution runs this class alone with -Xmx160m): the upload must stream.
 * The CSV is generated while it is sent, so the client holds none of it either.
 */
@Tag("large-upload")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "estimator.datasets.chunk-rows=65536")
class LargeUploadTest {

    private static final Logger log = LoggerFactory.getLogger(LargeUploadTest.class);
    private static final int ROWS = 2_000_000;
    private static final int COLUMNS = 20;

    @LocalServerPort
    int port;

    @Test
    void streamsAnUploadLargerThanTheHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("heap must be smaller than the parsed data")
                .isLessThan(8L * ROWS * COLUMNS);
        HttpClient http = HttpClient.newHttpClient();
        GeneratedCsv csv = new GeneratedCsv(ROWS, COLUMNS);
        long start = System.nanoTime();

        HttpResponse<String> response = http.send(TestKeys.asAdmin(HttpRequest.newBuilder(URI.create(base() + "?name=large")))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> csv))
                .build(), HttpResponse.BodyHandlers.ofString());

        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        log.info("Uploaded {} MB in {} s: {} MB/s", csv.bytesRead() / 1_000_000, String.format("%.1f", seconds),
                String.format("%.1f", csv.bytesRead() / 1e6 / seconds));
        JsonNode dataset = JsonMapper.shared().readTree(response.body());
        UUID id = UUID.fromString(dataset.get("id").asString());
        try {
            assertThat(dataset.get("rows").asLong()).isEqualTo(ROWS);
            assertThat(dataset.get("sizeBytes").asLong()).isEqualTo(csv.bytesRead());
            assertThat(dataset.get("sha256").asString()).isEqualTo(csv.sha256());
            JsonNode columns = dataset.get("columns");
            assertThat(columns.size()).isEqualTo(COLUMNS);
            assertThat(columns.get(0).get("type").asString()).isEqualTo("numeric");
            assertThat(columns.get(COLUMNS - 2).get("levels").size()).isEqualTo(GeneratedCsv.LEVELS);
            JsonNode sparse = columns.get(COLUMNS - 1);
            assertThat(sparse.get("missing").asLong()).isEqualTo((ROWS - 1) / GeneratedCsv.MISSING_EVERY + 1);
            assertThat(sparse.get("max").asDouble()).isEqualTo(999.0);

            // The last rows, from the last chunk, are the ones generated.
            JsonNode rows = JsonMapper.shared().readTree(http.send(TestKeys.asAdmin(HttpRequest.newBuilder(
                    URI.create(base() + "/" + id + "/rows?offset=" + (ROWS - 3) + "&limit=10"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("rows");
            assertThat(rows.size()).isEqualTo(3);
            for (int r = 0; r < 3; r++) {
                long row = ROWS - 3 + r;
                assertThat(rows.get(r).get(0).asDouble())
                        .isEqualTo(Double.parseDouble(GeneratedCsv.cell(row, 0, COLUMNS)));
                assertThat(rows.get(r).get(COLUMNS - 2).asString())
                        .isEqualTo(GeneratedCsv.cell(row, COLUMNS - 2, COLUMNS));
            }
        } finally {
            http.send(TestKeys.asAdmin(HttpRequest.newBuilder(URI.create(base() + "/" + id))).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    private String base() {
        return "http://localhost:" + port + "/api/v1/datasets";
    }
}
