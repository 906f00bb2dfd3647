package dev.estimator.spark;

/** Where an application is: {@code GONE} when its launcher no longer knows it (e.g. removed, or never seen). */
public enum SparkApplicationState {
    SUBMITTED, RUNNING, SUCCEEDED, FAILED, GONE;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == GONE;
    }
}
