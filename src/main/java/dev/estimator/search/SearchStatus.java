package dev.estimator.search;

/** A search's lifecycle: QUEUED → RUNNING → one of SUCCEEDED, FAILED, CANCELLED. */
public enum SearchStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
