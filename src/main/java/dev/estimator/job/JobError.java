package dev.estimator.job;

/**
 * Why a job FAILED: {@code code} is DIVERGED, MISSING_VALUES, DATASET_GONE, INVALID_DATA (the dataset's values
 * do not suit the spec in a way its column statistics could not show at submission, e.g. a logistic target with
 * a value other than 0 and 1) or INTERNAL.
 */
public record JobError(String code, String message) {

    static final String DIVERGED = "DIVERGED";
    static final String MISSING_VALUES = "MISSING_VALUES";
    static final String DATASET_GONE = "DATASET_GONE";
    static final String INVALID_DATA = "INVALID_DATA";
    static final String INTERNAL = "INTERNAL";
}
