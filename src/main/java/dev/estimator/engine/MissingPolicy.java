package dev.estimator.engine;

/** What to do with a row that has a missing value in a column the job uses. */
public enum MissingPolicy {
    /** Fail, naming the first column and row with a missing value. */
    ERROR,
    /** Drop the row. */
    SKIP,
    /**
     * Replace a missing feature value by the column's mean over the training rows that have one (the
     * most frequent level for categorical columns). A row whose target is missing is dropped: a made-up
     * target would only bias the fit.
     */
    IMPUTE_MEAN
}
