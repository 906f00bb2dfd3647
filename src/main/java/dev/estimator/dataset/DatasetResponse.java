package dev.estimator.dataset;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The Dataset of the API. A numeric column shows its statistics and no levels, a categorical one its levels
 * and no statistics: two column shapes, told apart by {@code type}. A dataset registered by reference shows its
 * {@code source}; until it is {@code READY} its {@code rows} and {@code sizeBytes} are null and it has no columns.
 */
record DatasetResponse(UUID id, String name,
        @Schema(description = "Rows; null until a dataset by reference is READY") Long rows,
        @Schema(description = "Bytes of the CSV as uploaded, or of a dataset by reference's parts; null until it is "
                + "READY") Long sizeBytes,
        @Schema(description = "SHA-256 of the uploaded CSV; null for a dataset by reference") String sha256,
        Instant createdAt,
        @Schema(allowableValues = {"PROFILING", "READY", "FAILED"}, requiredMode = Schema.RequiredMode.REQUIRED)
        String status,
        @Schema(description = "Where a dataset by reference's rows live; null for an upload") SourceResponse source,
        @Schema(description = "Why profiling FAILED; null otherwise") ErrorResponse error,
        List<DatasetColumnResponse> columns) {

    static DatasetResponse of(Dataset d) {
        boolean known = d.ready();
        return new DatasetResponse(d.id(), d.name(), known ? d.rows() : null, known ? d.sizeBytes() : null,
                d.sha256(), d.createdAt(), d.status().name(), SourceResponse.of(d.source()),
                d.error() == null ? null : new ErrorResponse(d.error().code(), d.error().message()),
                d.columns().stream().map(DatasetColumnResponse::of).toList());
    }

    /** A dataset by reference's source as registered. */
    record SourceResponse(String uri, @Schema(allowableValues = {"parquet", "csv"}) String format,
            @Schema(description = "csv only: every part starts with a header") Boolean header,
            @Schema(description = "csv only: the one-character delimiter") String delimiter) {

        static SourceResponse of(DatasetSource source) {
            if (source == null) {
                return null;
            }
            return new SourceResponse(source.uri(), source.format().apiName(), source.header(),
                    source.delimiter() == null ? null : source.delimiter().toString());
        }
    }

    /** Why a dataset's profiling failed. */
    record ErrorResponse(String code, String message) {
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
