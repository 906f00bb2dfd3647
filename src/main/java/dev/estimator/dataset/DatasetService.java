package dev.estimator.dataset;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import dev.estimator.engine.Frame;
import dev.estimator.security.Caller;
import dev.estimator.domain.Conflict;
import dev.estimator.domain.DomainException;
import dev.estimator.domain.PageResponse;

/**
 * Datasets for the rest of the service: metadata, the in-memory frame a job trains on, paging, previews and
 * deletion. Frames come from a byte-bounded cache; a miss reads the chunks from the database.
 */
@Service
public class DatasetService {

    private final DatasetRepository repository;
    private final ChunkRepository chunks;
    private final FrameLoader loader;
    private final FrameCache cache;
    private final DatasetMetrics metrics;
    private final ObjectProvider<DatasetUsage> usage;
    private final ExternalRows externalRows;

    DatasetService(DatasetRepository repository, ChunkRepository chunks, FrameLoader loader, FrameCache cache,
            DatasetMetrics metrics, ObjectProvider<DatasetUsage> usage, ExternalRows externalRows) {
        this.externalRows = externalRows;
        this.repository = repository;
        this.chunks = chunks;
        this.loader = loader;
        this.cache = cache;
        this.metrics = metrics;
        this.usage = usage;
    }

    /**
     * The dataset's metadata (columns with their types, levels and statistics), if it exists and the caller
     * may see it: another owner's dataset is as absent as an unknown one.
     */
    public Optional<Dataset> find(UUID id, Caller caller) {
        return visible(id, caller).map(StoredDataset::dataset);
    }

    /**
     * The dataset's values, column by column: numbers, or level codes into the column's sorted levels, with
     * NaN for missing values. The frame is shared and must not be modified. Not scoped by owner: for the job
     * runner, whose jobs were checked against the dataset's owner when they were submitted.
     *
     * @throws DatasetNotFoundException if the dataset does not exist (or was deleted meanwhile)
     */
    public Frame loadFrame(UUID id) {
        return cache.get(id, () -> {
            StoredDataset stored = repository.find(id).orElseThrow(() -> new DatasetNotFoundException(id));
            if (stored.dataset().external()) {
                // Its rows live at its source and are read by Spark; there are no chunks to load.
                throw new IllegalStateException("dataset " + id + " is registered by reference: Spark reads its rows");
            }
            Frame frame = loader.load(stored);
            metrics.frameLoaded();
            return frame;
        });
    }

    /**
     * The source of a dataset registered by reference (whose rows Spark reads), empty for an upload or an
     * unknown dataset. Not scoped by owner: for the job runner, like {@link #loadFrame}.
     */
    public Optional<DatasetSource> source(UUID id) {
        return repository.source(id);
    }

    /** True if the dataset exists and was registered by reference. Not scoped by owner. */
    public boolean isExternal(UUID id) {
        return repository.source(id).isPresent();
    }

    /**
     * The dataset's metadata whoever owns it, for the job runner and the Spark side: status, source and (once
     * READY) the columns a job is encoded by.
     */
    public Optional<Dataset> findAny(UUID id) {
        return repository.find(id).map(StoredDataset::dataset);
    }

    /** How many frames were read from the database since start: the cache's misses. */
    public long frameLoads() {
        return metrics.frameLoads();
    }

    /** The datasets the caller may see, newest first. */
    public PageResponse<Dataset> list(Caller caller, int page, int size) {
        long total = repository.count(caller.scope());
        List<Dataset> content = repository.findPage(caller.scope(), (long) page * size, size).stream()
                .map(StoredDataset::dataset)
                .toList();
        return PageResponse.of(content, page, size, total);
    }

    /**
     * Deletes the dataset with its values.
     *
     * @throws DatasetNotFoundException if it does not exist or the caller may not see it, else Conflict while a queued or
     *                      running job uses it
     */
    public void delete(UUID id, Caller caller) {
        // First whether the caller may see it at all: another owner's dataset must not answer 409.
        visible(id, caller).orElseThrow(() -> new DatasetNotFoundException(id));
        // Every implementation has a say (jobs today, maybe searches later); none means nothing holds it.
        if (usage.orderedStream().anyMatch(u -> u.inUse(id))) {
            throw new Conflict("dataset-in-use", "Dataset in use",
                    "dataset " + id + " is used by a queued or running job; cancel the job or wait for it to finish");
        }
        if (!repository.delete(id)) {
            throw new DatasetNotFoundException(id);
        }
        cache.evict(id);
        metrics.deleted();
    }

    /**
     * Rows {@code offset} to {@code offset + limit} (fewer at the end): numbers as Double, categorical values
     * as their level, missing values as null. Only the chunks holding those rows are read.
     */
    DatasetRows rows(UUID id, Caller caller, long offset, int limit) {
        StoredDataset stored = visible(id, caller).orElseThrow(() -> new DatasetNotFoundException(id));
        Dataset dataset = stored.dataset();
        if (!dataset.ready()) {
            throw notReady(dataset);
        }
        if (dataset.external()) {
            return externalRows.read(dataset, offset, limit);
        }
        List<DatasetColumn> columns = dataset.columns();
        long end = Math.min(dataset.rows(), offset + limit);
        List<List<Object>> rows = new ArrayList<>();
        if (offset < end) {
            int chunkRows = stored.chunkRows();
            int firstChunk = (int) (offset / chunkRows);
            int lastChunk = (int) ((end - 1) / chunkRows);
            chunks.read(id, firstChunk, lastChunk + 1, (index, rowCount, data) -> {
                DoubleBuffer values = ChunkCodec.view(data);
                long chunkStart = (long) index * chunkRows;
                int from = (int) Math.max(0, offset - chunkStart);
                int to = (int) Math.min(rowCount, end - chunkStart);
                for (int r = from; r < to; r++) {
                    Object[] row = new Object[columns.size()];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = cell(columns.get(c), values.get(c * rowCount + r));
                    }
                    rows.add(Arrays.asList(row));
                }
            });
        }
        return new DatasetRows(dataset.columnNames(), rows);
    }

    /** A dataset by reference that is still PROFILING or FAILED: its rows cannot be read or trained on yet. */
    public static DomainException notReady(Dataset dataset) {
        return new Conflict("dataset-not-ready", "Dataset not ready",
                "dataset " + dataset.id() + " is " + dataset.status()
                        + (dataset.status() == DatasetStatus.PROFILING ? "; its rows can be read and jobs trained on it once it is READY"
                                : ": its profiling failed (see its error)"))
                .with("datasetStatus", dataset.status().name());
    }

    private Optional<StoredDataset> visible(UUID id, Caller caller) {
        return repository.find(id).filter(stored -> caller.canSee(stored.owner()));
    }

    private static Object cell(DatasetColumn column, double value) {
        if (Double.isNaN(value)) {
            return null;
        }
        return column.isCategorical() ? column.levels().get((int) value) : value;
    }

}
