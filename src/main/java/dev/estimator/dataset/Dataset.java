package dev.estimator.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored dataset's metadata: what a job needs to validate its spec (column names, types, levels) without
 * loading the values. For an upload {@code sizeBytes} and {@code sha256} describe the CSV as uploaded and
 * {@code source} is null; a dataset registered by reference has a {@code source}, no {@code sha256}, and its
 * rows, size and columns only once {@code status} is {@link DatasetStatus#READY} (0, 0 and none before).
 * {@code error} is set when {@code status} is {@link DatasetStatus#FAILED}.
 */
public record Dataset(UUID id, String name, long rows, long sizeBytes, String sha256, Instant createdAt,
        List<DatasetColumn> columns, DatasetStatus status, DatasetSource source, DatasetError error) {

    public Dataset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        columns = List.copyOf(columns);
    }

    /** An upload: ready at once, no source. */
    public Dataset(UUID id, String name, long rows, long sizeBytes, String sha256, Instant createdAt,
            List<DatasetColumn> columns) {
        this(id, name, rows, sizeBytes, sha256, createdAt, columns, DatasetStatus.READY, null, null);
    }

    /** True for a dataset registered by reference, whose rows are read by Spark, never from the database. */
    public boolean external() {
        return source != null;
    }

    public boolean ready() {
        return status == DatasetStatus.READY;
    }

    public Optional<DatasetColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(DatasetColumn::name).toList();
    }
}
