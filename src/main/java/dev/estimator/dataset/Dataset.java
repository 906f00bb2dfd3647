package dev.estimator.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored dataset's metadata: what a job needs to validate its spec (column names, types, levels) without
 * loading the values. {@code sizeBytes} and {@code sha256} describe the CSV as uploaded.
 */
public record Dataset(UUID id, String name, long rows, long sizeBytes, String sha256, Instant createdAt,
        List<DatasetColumn> columns) {

    public Dataset {
        Objects.requireNonNull(id, "id");
        columns = List.copyOf(columns);
    }

    public Optional<DatasetColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(DatasetColumn::name).toList();
    }
}
