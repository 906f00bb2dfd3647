package dev.estimator.job;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Why a job FAILED: {@code code} is one of API.md's fixed DIVERGED, MISSING_VALUES, DATASET_GONE or INTERNAL;
 * INTERNAL also covers data that does not suit the spec in a way its column statistics could not show at
 * submission (e.g. a logistic target with a value a hair away from 0 or 1), with a message saying so.
 */
@Schema(description = "Why a job FAILED")
public record JobError(
        @Schema(description = "A job's: DIVERGED (the loss became NaN/∞ or grew far above its start: lower the "
                + "learning rate), MISSING_VALUES (a used column has a missing value and missing is error), "
                + "DATASET_GONE (the dataset was deleted before the job read it) or INTERNAL (data that does not "
                + "suit the spec in a way the column statistics could not show at submission, e.g. a logistic "
                + "target with a value other than 0 and 1, failed at once; anything else after the retries). A "
                + "search candidate's may also be NO_SCORE, NOT_QUEUED or CANCELLED") String code,
        String message) {

    static final String DIVERGED = "DIVERGED";
    static final String MISSING_VALUES = "MISSING_VALUES";
    static final String DATASET_GONE = "DATASET_GONE";
    static final String INTERNAL = "INTERNAL";
}
