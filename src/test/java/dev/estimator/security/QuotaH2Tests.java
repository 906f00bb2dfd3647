package dev.estimator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.estimator.job.JobApi;
import dev.estimator.job.JobApi.Response;

/**
 * The per-owner quotas hold on the embedded H2 database too: one instance's concurrent uploads and submissions of
 * one owner pass the check one at a time, as they do across instances on PostgreSQL ({@link SecurityTests}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:file:./target/h2-quotas/${random.uuid}/estimator;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE",
        "spring.datasource.username=sa",
        "spring.datasource.password=",
        // SecurityTests.CSV stores 96 bytes (6 rows x 2 columns x 8): room for two uploads; one active job
        "estimator.quotas.dataset-bytes=192B",
        "estimator.quotas.active-jobs=1"})
class QuotaH2Tests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void concurrentRequestsOfOneOwnerDoNotPassAQuotaTogetherOnH2() throws Exception {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("H2");
        }
        JobApi api = new JobApi(port);
        int requests = 6;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            UUID dataset = api.upload("first.csv", SecurityTests.CSV);
            List<Future<Response>> uploads = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                uploads.add(pool.submit(() -> api.uploadCsv("race.csv", SecurityTests.CSV)));
            }
            assertThat(SecurityTests.statuses(uploads)).containsExactlyInAnyOrder(201, 413, 413, 413, 413, 413);

            List<Future<Response>> submissions = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                submissions.add(pool.submit(() -> api.submit(SecurityTests.slowSpec(dataset))));
            }
            assertThat(SecurityTests.statuses(submissions)).containsExactlyInAnyOrder(202, 429, 429, 429, 429, 429);
            for (Future<Response> f : submissions) {
                if (f.get().status() == 202) {
                    UUID job = UUID.fromString(f.get().json().path("id").asString());
                    api.post("/api/v1/jobs/" + job + "/cancel", "");
                    api.awaitFinished(job, TIMEOUT);
                }
                if (f.get().status() == 429) {
                    assertThat(f.get().json().path("quota").asString()).isEqualTo("active-jobs");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
