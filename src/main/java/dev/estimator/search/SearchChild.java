package dev.estimator.search;

import java.util.UUID;

import dev.estimator.job.JobStatus;

/**
 * A row of {@code search_job}: the job that scores {@code candidate} on {@code fold} (null until it is queued),
 * and once it finished its status, score (null if the job did not succeed or its metric is undefined) and error.
 */
record SearchChild(int candidate, int fold, UUID jobId, JobStatus status, Double score, String errorCode,
        String errorMessage) {

    boolean recorded() {
        return status != null;
    }
}
