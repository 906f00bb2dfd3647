package dev.estimator.dataset;

/**
 * Where a dataset is in its life. Uploads are {@link #READY} at once; a dataset registered by reference is
 * {@link #PROFILING} until a Spark run has read it and computed its column summaries, then {@link #READY}, or
 * {@link #FAILED} with a reason.
 */
public enum DatasetStatus {
    PROFILING, READY, FAILED
}
