package dev.estimator.dataset;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The Dataset of the API. A numeric column shows its statistics and no levels, a categorical one its levels
 * and no statistics: two column shapes, told apart by {@code type}.
 */
record DatasetResponse(UUID id, String name, long rows, long sizeBytes, String sha256, Instant createdAt,
        List<DatasetColumnResponse> columns) {

    static DatasetResponse of(Dataset d) {
        return new DatasetResponse(d.id(), d.name(), d.rows(), d.sizeBytes(), d.sha256(), d.createdAt(),
                d.columns().stream().map(DatasetColumnResponse::of).toList());
    }

    @Schema(oneOf = {NumericColumn.class, CategoricalColumn.class})
    sealed interface DatasetColumnResponse permits NumericColumn, CategoricalColumn {

        static DatasetColumnResponse of(DatasetColumn c) {
            String type = DatasetRepository.typeName(c.type());
            return c.isCategorical()
                    ? new CategoricalColumn(c.index(), c.name(), type, c.missing(), c.levels())
                    : new NumericColumn(c.index(), c.name(), type, c.missing(), c.min(), c.max(), c.mean(), c.std());
        }
    }

    record NumericColumn(int index, String name, @Schema(allowableValues = "numeric") String type, long missing,
            Double min, Double max, Double mean, Double std) implements DatasetColumnResponse {
    }

    record CategoricalColumn(int index, String name, @Schema(allowableValues = "categorical") String type,
            long missing, List<String> levels) implements DatasetColumnResponse {
    }
}
