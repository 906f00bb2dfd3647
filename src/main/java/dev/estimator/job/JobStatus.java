package dev.estimator.job;

/** A job's lifecycle: QUEUED → RUNNING → one of SUCCEEDED, FAILED, CANCELLED. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
