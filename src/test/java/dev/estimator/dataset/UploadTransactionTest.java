package dev.estimator.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.unit.DataSize;

import dev.estimator.TestKeys;
import dev.estimator.database.OwnerLocks;
import dev.estimator.security.Quotas;

/**
 * An upload that fails after some of its chunks were written leaves nothing behind: the dataset row, its
 * columns and the chunks already sent go in one transaction.
 */
class UploadTransactionTest extends DatasetHttpTest {

    @Autowired
    Quotas quotas;
    @Autowired
    OwnerLocks locks;

    @Autowired
    JdbcTemplate jdbcTemplate;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    DatasetRepository repository;
    @Autowired
    UploadLimit limit;
    @Autowired
    DatasetMetrics metrics;

    @TempDir
    Path spoolDir;

    @Test
    void aFailureWhileWritingChunksRollsBackTheWholeUpload() throws Exception {
        // 2 columns, 1000 rows a chunk, 16 KB batches: one chunk per batch, the third batch fails.
        DatasetProperties properties = new DatasetProperties(DataSize.ofGigabytes(1), 1000, 1000,
                DataSize.ofKilobytes(16), DataSize.ofMegabytes(16), 1000, spoolDir);
        List<UUID> attempted = new ArrayList<>();
        ChunkRepository failing = new ChunkRepository(jdbc, jdbcTemplate) {
            private int batches;

            @Override
            void insert(UUID datasetId, List<EncodedChunk> chunks) {
                attempted.add(datasetId);
                if (++batches == 3) {
                    throw new IllegalStateException("injected failure");
                }
                super.insert(datasetId, chunks);
            }
        };
        DatasetUploader uploader = new DatasetUploader(repository, failing, properties, limit, metrics,
                transactionManager, quotas, locks, new StaticListableBeanFactory().getBeanProvider(Clock.class));
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 5000; i++) {
            csv.append(i).append(',').append(-i).append('\n');
        }
        long datasets = jdbc.sql("select count(*) from dataset").query(Long.class).single();

        assertThatThrownBy(() -> uploader.upload(
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                new UploadOptions("doomed", true, ',', Set.of()), TestKeys.ADMIN_OWNER))
                .hasMessage("injected failure");

        assertThat(attempted).hasSize(3);
        UUID id = attempted.get(0);
        assertThat(datasetRows(id)).isZero();
        assertThat(jdbc.sql("select count(*) from dataset_chunk where dataset_id = ?").param(id)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from dataset_column where dataset_id = ?").param(id)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from dataset").query(Long.class).single()).isEqualTo(datasets);
        try (var files = Files.list(spoolDir)) {
            assertThat(files).isEmpty();
        }
    }
}
