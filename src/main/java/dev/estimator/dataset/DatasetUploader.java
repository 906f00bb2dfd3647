package dev.estimator.dataset;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.estimator.database.OwnerLocks;
import dev.estimator.security.Quotas;

/**
 * Stores an upload in two passes. Pass one streams the body to a spool file while hashing it, counting it
 * against the size limit and profiling it (types, statistics, levels). Pass two re-reads the spool file and
 * writes the encoded chunks, encoding on a second thread while this one writes ({@link ChunkHandOff}). Memory
 * holds a batch being written, {@value #HAND_OFF_CHUNKS} chunk waiting and one being encoded. All inserts of an upload share one transaction, so a failure leaves nothing
 * behind; the spool file is always deleted. Memory depends on the column count, never on the row count.
 */
@Service
class DatasetUploader {

    private static final Logger log = LoggerFactory.getLogger(DatasetUploader.class);
    private static final int IO_BUFFER = 256 * 1024;
    /** Encoded chunks waiting for the writer: enough to keep it busy, few enough to bound memory. */
    private static final int HAND_OFF_CHUNKS = 1;

    private final DatasetRepository repository;
    private final ChunkRepository chunks;
    private final DatasetProperties properties;
    private final UploadLimit limit;
    private final DatasetMetrics metrics;
    private final TransactionTemplate transaction;
    private final Quotas quotas;
    private final OwnerLocks locks;
    private final Clock clock;

    DatasetUploader(DatasetRepository repository, ChunkRepository chunks, DatasetProperties properties,
            UploadLimit limit, DatasetMetrics metrics, PlatformTransactionManager transactionManager,
            Quotas quotas, OwnerLocks locks, ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.chunks = chunks;
        this.properties = properties;
        this.limit = limit;
        this.metrics = metrics;
        this.transaction = new TransactionTemplate(transactionManager);
        this.quotas = quotas;
        this.locks = locks;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Before the body is read: a 413 if the owner has no room left under the dataset-bytes quota. */
    void checkRoom(String owner) {
        quotas.checkDatasetRoom(owner, repository.storedBytes(owner));
    }

    /**
     * Reads {@code body} to its end and stores it as a new dataset of {@code owner}.
     *
     * @throws dev.estimator.web.ApiException 413 when it would take the owner over the dataset-bytes quota
     */
    Dataset upload(InputStream body, UploadOptions options, String owner) {
        long maxBytes = limit.maxBytes();
        long start = System.nanoTime();
        Path spool = createSpoolFile();
        try {
            SpoolingInputStream in;
            ProfilePass.Result profile;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), IO_BUFFER)) {
                in = new SpoolingInputStream(body, out, maxBytes);
                profile = ProfilePass.run(new Utf8Reader(in), options, properties.maxLevels());
            }
            Dataset dataset = new Dataset(UUID.randomUUID(), options.name(), profile.rows(), in.count(), in.sha256(),
                    clock.instant().truncatedTo(ChronoUnit.MICROS), profile.columns());
            StoredDataset stored = new StoredDataset(dataset, chunkRows(dataset.columns().size()),
                    8L * dataset.rows() * dataset.columns().size(), owner);
            long profiled = System.nanoTime();
            transaction.executeWithoutResult(status -> store(stored, spool, options));
            metrics.uploaded(dataset.sizeBytes());
            log.info("Stored dataset {} '{}': {} rows, {} columns, {} bytes; profiled in {} ms, stored in {} ms",
                    dataset.id(), dataset.name(), dataset.rows(), dataset.columns().size(), dataset.sizeBytes(),
                    (profiled - start) / 1_000_000, (System.nanoTime() - profiled) / 1_000_000);
            return dataset;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteSpoolFile(spool);
        }
    }

    private void store(StoredDataset stored, Path spool, UploadOptions options) {
        Dataset dataset = stored.dataset();
        // the quota is checked where the dataset is added, one upload of the owner at a time
        locks.hold(OwnerLocks.Purpose.UPLOADS, stored.owner());
        quotas.checkDatasetBytes(stored.owner(), repository.storedBytes(stored.owner()), stored.storedBytes());
        repository.insert(stored);
        ChunkWriter writer = new ChunkWriter(chunks, dataset.id(), properties.batchBytes().toBytes());
        // Parsing moves to a thread of its own; the writes stay on this one, which holds the transaction.
        ChunkHandOff.run(sink -> encode(spool, options, stored, sink), HAND_OFF_CHUNKS, writer::write);
        writer.flush();
    }

    private static void encode(Path spool, UploadOptions options, StoredDataset stored, Consumer<EncodedChunk> sink) {
        Dataset dataset = stored.dataset();
        // The first pass has checked the encoding and counted the lines: no need to count them again.
        try (Reader csv = Utf8Reader.withoutLineCount(
                new BufferedInputStream(Files.newInputStream(spool), IO_BUFFER))) {
            EncodePass.run(csv, options.delimiter(), options.header(), dataset.columns(), dataset.rows(),
                    stored.chunkRows(), sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rows per chunk: {@code chunk-rows}, fewer for wide datasets so that one chunk stays within
     * {@code batch-bytes}; the memory an upload or a frame load holds at once is bounded either way.
     */
    int chunkRows(int columns) {
        long rowsInBatch = properties.batchBytes().toBytes() / (8L * Math.max(1, columns));
        return (int) Math.max(1, Math.min(properties.chunkRows(), rowsInBatch));
    }

    private Path createSpoolFile() {
        try {
            Path dir = properties.tempDirOrDefault();
            Files.createDirectories(dir);
            return Files.createTempFile(dir, "estimator-upload-", ".csv");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an upload spool file", e);
        }
    }

    private static void deleteSpoolFile(Path spool) {
        try {
            Files.deleteIfExists(spool);
        } catch (IOException e) {
            log.warn("Could not delete upload spool file {}", spool, e);
        }
    }
}
