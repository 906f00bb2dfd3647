package dev.estimator.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.HttpStatus;

import dev.estimator.domain.Conflict;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/** Listing, reading, previewing and deleting datasets, and the dataset meters. */
class DatasetEndpointsTest extends DatasetHttpTest {

    @Autowired
    DatasetRepository repository;
    @Autowired
    ExternalRows externalRows;
    @Autowired
    ChunkRepository chunks;
    @Autowired
    FrameLoader loader;
    @Autowired
    FrameCache cache;
    @Autowired
    DatasetMetrics metrics;
    @Autowired
    MeterRegistry registry;

    @Test
    void listIsNewestFirstInSpringStylePages() {
        List<UUID> uploaded = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            uploaded.add(id(created("v\n" + i + "\n", "?name=page-" + i)));
        }

        JsonNode first = json(get("/api/v1/datasets?page=0&size=2"));
        JsonNode page = first.get("page");
        assertThat(page.get("number").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(2);
        long total = page.get("totalElements").asLong();
        assertThat(total).isGreaterThanOrEqualTo(3);
        assertThat(page.get("totalPages").asLong()).isEqualTo((total + 1) / 2);
        assertThat(first.get("content").size()).isEqualTo(2);
        assertThat(first.get("content").get(0).get("columns").get(0).get("name").asString()).isEqualTo("v");

        List<UUID> listed = new ArrayList<>();
        for (int p = 0; p * 100 < total; p++) {
            json(get("/api/v1/datasets?size=100&page=" + p)).get("content")
                    .forEach(d -> listed.add(id(d)));
        }
        List<UUID> ours = listed.stream().filter(uploaded::contains).toList();
        assertThat(ours).containsExactly(uploaded.get(2), uploaded.get(1), uploaded.get(0));

        JsonNode beyond = json(get("/api/v1/datasets?page=100000&size=20"));
        assertThat(beyond.get("content").size()).isZero();
        assertThat(get("/api/v1/datasets?page=-1").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/datasets?size=0").statusCode()).isEqualTo(400);
        HttpResponse<String> clamped = get("/api/v1/datasets?size=101");
        assertThat(clamped.statusCode()).isEqualTo(200);
        assertThat(json(clamped).get("page").get("size").asInt()).isEqualTo(100);
        assertThat(get("/api/v1/datasets?size=abc").statusCode()).isEqualTo(400);
    }

    @Test
    void unknownIdIs404AndMalformedIdIs400() {
        HttpResponse<String> unknown = get("/api/v1/datasets/" + UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(unknown).get("type").asString()).isEqualTo("https://estimator.dev/problems/not-found");

        for (String bad : new String[] {"not-a-uuid", "1-2-3-4-5", "0000000000000000000000000000000000000"}) {
            HttpResponse<String> response = get("/api/v1/datasets/" + bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(response).get("errors").get(0).get("field").asString()).isEqualTo("id");
            assertThat(get("/api/v1/datasets/" + bad + "/rows").statusCode()).isEqualTo(400);
            assertThat(delete("/api/v1/datasets/" + bad).statusCode()).isEqualTo(400);
        }
        assertThat(get("/api/v1/datasets/" + UUID.randomUUID() + "/rows").statusCode()).isEqualTo(404);
        assertThat(delete("/api/v1/datasets/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    }

    @Test
    void rowsPreviewSpansChunksWithLevelsAndNulls() {
        // chunk-rows is 1000 in tests: rows 990..1009 come from two chunks.
        StringBuilder csv = new StringBuilder("n,level,maybe\n");
        for (int i = 0; i < 2500; i++) {
            csv.append(i).append(",L").append(i % 3).append(',').append(i % 7 == 0 ? "NA" : i * 0.5).append('\n');
        }
        UUID id = id(created(csv.toString(), ""));

        JsonNode preview = json(get("/api/v1/datasets/" + id + "/rows?offset=990&limit=20"));

        assertThat(UploadTestStrings.of(preview.get("columns"))).containsExactly("n", "level", "maybe");
        JsonNode rows = preview.get("rows");
        assertThat(rows.size()).isEqualTo(20);
        for (int r = 0; r < 20; r++) {
            int i = 990 + r;
            JsonNode row = rows.get(r);
            assertThat(row.get(0).asDouble()).isEqualTo(i);
            assertThat(row.get(1).asString()).isEqualTo("L" + (i % 3));
            if (i % 7 == 0) {
                assertThat(row.get(2).isNull()).isTrue();
            } else {
                assertThat(row.get(2).asDouble()).isEqualTo(i * 0.5);
            }
        }
        JsonNode defaults = json(get("/api/v1/datasets/" + id + "/rows"));
        assertThat(defaults.get("rows").size()).isEqualTo(20);
        assertThat(defaults.get("rows").get(0).get(0).asDouble()).isZero();
        assertThat(json(get("/api/v1/datasets/" + id + "/rows?offset=2495&limit=20")).get("rows").size()).isEqualTo(5);
        assertThat(json(get("/api/v1/datasets/" + id + "/rows?offset=9999")).get("rows").size()).isZero();
        assertThat(get("/api/v1/datasets/" + id + "/rows?offset=-1").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/datasets/" + id + "/rows?limit=1001").statusCode()).isEqualTo(400);
    }

    @Test
    void deleteRemovesTheDatasetAndItsChunks() {
        UUID id = id(created("a,b\n1,x\n2,y\n", ""));

        HttpResponse<String> deleted = delete("/api/v1/datasets/" + id);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(get("/api/v1/datasets/" + id).statusCode()).isEqualTo(404);
        assertThat(delete("/api/v1/datasets/" + id).statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from dataset_chunk where dataset_id = ?").param(id)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from dataset_column where dataset_id = ?").param(id)
                .query(Long.class).single()).isZero();
    }

    @Test
    void deleteIsRefusedWhileAJobUsesTheDataset() {
        UUID busy = id(created("a\n1\n", ""));
        DatasetUsage usage = datasetId -> datasetId.equals(busy);
        DatasetService service = new DatasetService(repository, chunks, loader, cache, metrics,
                new StaticListableBeanFactory(Map.of("usage", usage)).getBeanProvider(DatasetUsage.class),
                externalRows);

        assertThatThrownBy(() -> service.delete(busy, ADMIN))
                .isInstanceOfSatisfying(Conflict.class,
                        e -> assertThat(e.code()).isEqualTo("dataset-in-use"));
        assertThat(get("/api/v1/datasets/" + busy).statusCode()).isEqualTo(200);

        UUID free = id(created("a\n1\n", ""));
        service.delete(free, ADMIN);
        assertThat(get("/api/v1/datasets/" + free).statusCode()).isEqualTo(404);
    }

    @Test
    void metersCountStoredDatasetsAndUploadedBytes() {
        double uploadsBefore = registry.get("estimator.uploads.bytes").summary().totalAmount();
        String csv = "a,b\n1,2\n3,4\n";
        UUID id = id(created(csv, ""));

        assertThat(registry.get("estimator.uploads.bytes").summary().totalAmount() - uploadsBefore)
                .isEqualTo(csv.length());
        long stored = jdbc.sql("select count(*) from dataset").query(Long.class).single();
        assertThat(registry.get("estimator.datasets.stored").gauge().value()).isEqualTo(stored);
        long bytes = jdbc.sql("select sum(stored_bytes) from dataset").query(Long.class).single();
        assertThat(registry.get("estimator.datasets.bytes").gauge().value()).isEqualTo(bytes);
        assertThat(jdbc.sql("select stored_bytes from dataset where id = ?").param(id).query(Long.class).single())
                .isEqualTo(2 * 2 * 8);

        delete("/api/v1/datasets/" + id);
        assertThat(registry.get("estimator.datasets.stored").gauge().value()).isEqualTo(stored - 1);
    }

    @Test
    void uploadsAreReadyWithoutASourceAndReferencesAreForbiddenWithoutAllowedSources() {
        JsonNode uploaded = created("a,b\n1,x\n", "");
        assertThat(uploaded.path("status").asString()).isEqualTo("READY");
        assertThat(uploaded.path("source").isNull()).isTrue();
        assertThat(uploaded.path("error").isNull()).isTrue();
        HttpResponse<String> waited = get("/api/v1/datasets/" + id(uploaded) + "?waitSeconds=5");
        assertThat(waited.statusCode()).isEqualTo(200);
        assertThat(json(waited).path("status").asString()).isEqualTo("READY");
        assertThat(waited.headers().firstValue("Retry-After")).isEmpty();

        // estimator.spark.sources is empty by default: no dataset by reference, whatever the request
        HttpResponse<String> refused = uploadBytes(
                "{\"source\": {\"uri\": \"file:///tmp/x/\", \"format\": \"parquet\"}}".getBytes(),
                "application/json", "");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(refused).path("type").asString()).endsWith("/references-disabled");
    }
}
