package dev.estimator.job;

/** Why a job FAILED: {@code code} is DIVERGED, MISSING_VALUES, DATASET_GONE or INTERNAL. */
public record JobError(String code, String message) {

    static final String DIVERGED = "DIVERGED";
    static final String MISSING_VALUES = "MISSING_VALUES";
    static final String DATASET_GONE = "DATASET_GONE";
    static final String INTERNAL = "INTERNAL";
}
