package dev.estimator.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.dataset.DatasetService;
import dev.estimator.job.JobApi;
import tools.jackson.databind.JsonNode;

/**
 * A search's folds are row sets over the one frame the dataset cache loaded: 2 × 2 candidates × 5 folds (20
 * jobs) on 200,000 rows read the dataset once, and the heap never holds much more than a few design matrices.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SearchScaleTests {

    private static final int ROWS = 200_000;
    private static final int FEATURES = 4;

    @LocalServerPort
    int port;

    @Autowired
    DatasetService datasets;

    @Test
    void twentyJobsOnTwoHundredThousandRowsLoadTheDatasetOnceAndStayWithinAFewMatrices() {
        JobApi api = new JobApi(port);
        SearchApi searches = new SearchApi(api);
        Random r = new Random(17);
        StringBuilder csv = new StringBuilder(ROWS * 60).append("a,b,c,d,y\n");
        for (int i = 0; i < ROWS; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            double c = r.nextGaussian();
            double d = r.nextGaussian();
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f,%.6f%n", a, b, c, d,
                    1 + a - 2 * b + 0.5 * c + r.nextGaussian()));
        }
        UUID dataset = api.upload("large.csv", csv.toString());
        csv = null;

        // One design matrix: every row (training and held out) × (4 features + intercept) doubles.
        long matrixBytes = (long) ROWS * (FEATURES + 1) * Double.BYTES;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = usedAfterGc(memory);
        long loadsBefore = datasets.frameLoads();

        UUID id = searches.accepted("""
                {"folds": 5, "metric": "rmse",
                 "base": {"datasetId": "%s", "target": "y", "optimizer": {"maxIterations": 2}},
                 "grid": {"optimizer.learningRate": [0.03, 0.3], "regularization.l2": [0, 0.1]}}"""
                .formatted(dataset));
        // Heap in use after a full GC, sampled while the jobs run: what the search keeps alive, not garbage.
        long peak = 0;
        JsonNode search;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            peak = Math.max(peak, usedAfterGc(memory) - baseline);
            search = searches.get(id).json();
            String status = search.path("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                break;
            }
            assertThat(System.nanoTime()).as("search still %s", status).isLessThan(deadline);
            SearchApi.pause(300);
        }
        System.out.printf(Locale.ROOT, "search of 20 jobs on %d rows: frame loads %d, peak heap above baseline "
                + "%.1f MB, one design matrix %.1f MB (%.2f matrices)%n", ROWS, datasets.frameLoads() - loadsBefore,
                peak / 1e6, matrixBytes / 1e6, peak / (double) matrixBytes);

        assertThat(search.path("status").asString()).as(search.toString()).isEqualTo("SUCCEEDED");
        assertThat(search.path("progress").path("jobsDone").asInt()).isEqualTo(20);
        assertThat(search.path("candidates").size()).isEqualTo(4);
        assertThat(datasets.frameLoads() - loadsBefore).isEqualTo(1);
        // the frame (5 columns of doubles) and a design matrix per running job (2 at a time), with their buffers
        assertThat(peak).isLessThan(8 * matrixBytes);
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
