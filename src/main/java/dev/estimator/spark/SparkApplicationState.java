package dev.estimator.spark;

/** Where a Spark application is; {@code GONE} when the launcher no longer knows it. */
public enum SparkApplicationState {
    SUBMITTED, RUNNING, SUCCEEDED, FAILED, GONE
}
