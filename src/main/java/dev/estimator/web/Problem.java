package dev.estimator.web;

import java.util.List;

import dev.estimator.domain.FieldError;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of every error response, as the OpenAPI document describes it. Responses themselves are
 * built by {@link ProblemDetailsAdvice} (from domain errors and the rest); this record only names their shape.
 */
@Schema(name = "Problem", description = "RFC 9457 problem details (media type application/problem+json)")
record Problem(
        @Schema(description = "Stable URI of the kind of problem", format = "uri",
                example = "https://estimator.dev/problems/invalid-request") String type,
        @Schema(description = "Fixed per type", example = "Invalid request") String title,
        @Schema(description = "The HTTP status", example = "400") int status,
        @Schema(description = "What went wrong and how to fix it") String detail,
        @Schema(description = "The request path", format = "uri-reference") String instance,
        @Schema(description = "Every invalid field of a request (400)") List<FieldError> errors,
        @Schema(description = "CSV upload errors: 1-based line of the file, the header being line 1")
        Long line,
        @Schema(description = "CSV upload errors: the column's name") String column,
        @Schema(description = "CSV upload errors: the column's 0-based index") Integer columnIndex,
        @Schema(description = "Ragged CSV row: the fields of the header (or first row)") Integer expectedFields,
        @Schema(description = "Ragged CSV row: the fields of the row") Integer actualFields,
        @Schema(description = "Too many categorical levels: the most a column may have") Integer maxLevels,
        @Schema(description = "Upload too large (413): the largest upload, in bytes") Long maxBytes,
        @Schema(description = "Quota errors (413, 429): which per-owner quota, dataset-bytes or active-jobs")
        String quota,
        @Schema(description = "Quota errors: the quota's limit (bytes, or jobs)") Long limit,
        @Schema(description = "Quota errors: what the owner uses now") Long used) {
}
