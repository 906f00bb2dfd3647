package dev.estimator.dataset;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code estimator.datasets.*}: limits and tuning of dataset upload, storage and the in-memory frame cache.
 *
 * @param maxBytes       largest accepted upload (the CSV bytes as received); larger bodies get 413
 * @param maxLevels      most distinct values a categorical column may have
 * @param chunkRows      rows per stored chunk; a chunk is one {@code dataset_chunk} row
 * @param batchBytes     encoded chunk bytes sent to the database per JDBC batch (at least one chunk), which
 *                       bounds the memory an upload or a frame load holds at once
 * @param cacheMaxBytes  bytes of decoded frames kept in memory for jobs
 * @param maxPreviewRows largest {@code limit} of the rows preview
 * @param tempDir        where uploads are spooled between the two passes; null means {@code java.io.tmpdir}
 */
@ConfigurationProperties("estimator.datasets")
public record DatasetProperties(
        @DefaultValue("1GB") DataSize maxBytes,
        @DefaultValue("1000") int maxLevels,
        @DefaultValue("65536") int chunkRows,
        @DefaultValue("16MB") DataSize batchBytes,
        @DefaultValue("2GB") DataSize cacheMaxBytes,
        @DefaultValue("1000") int maxPreviewRows,
        Path tempDir) {

    public DatasetProperties {
        if (maxBytes.toBytes() <= 0) {
            throw new IllegalArgumentException("estimator.datasets.max-bytes must be positive");
        }
        if (maxLevels < 1) {
            throw new IllegalArgumentException("estimator.datasets.max-levels must be at least 1");
        }
        if (chunkRows < 1) {
            throw new IllegalArgumentException("estimator.datasets.chunk-rows must be at least 1");
        }
        if (maxPreviewRows < 1) {
            throw new IllegalArgumentException("estimator.datasets.max-preview-rows must be at least 1");
        }
    }

    Path tempDirOrDefault() {
        return tempDir != null ? tempDir : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
