package dev.estimator.dataset;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /api/v1/datasets} with a JSON body: a dataset by reference. */
@Schema(name = "DatasetRegistration")
record RegistrationRequest(
        @Schema(description = "Default: the last segment of the source's path") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) SourceRequest source,
        @Schema(description = "Columns to type as categorical even if they look numeric") List<String> categorical) {

    @Schema(name = "DatasetSourceRequest")
    record SourceRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "s3a://bucket/claims/",
                    description = "A directory (its parts: files whose names do not start with _ or .) or a file, as "
                            + "Spark reads it; must start with one of estimator.spark.sources") String uri,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"parquet", "csv"}) String format,
            @Schema(description = "csv only (default true): every part starts with a header") Boolean header,
            @Schema(description = "csv only (default ,): one character") String delimiter) {
    }
}
