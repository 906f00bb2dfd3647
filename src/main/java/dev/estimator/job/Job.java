package dev.estimator.job;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of the {@code job} table, without the checkpoint.
 *
 * @param iteration iterations completed (and stored in the loss history)
 * @param spec      the defaults-filled spec as JSON
 * @param attempt   runs begun (claims); each write of a run is guarded by it
 * @param owner     who submitted it (or whose search did)
 * @param engineApplication the Spark application of its latest run, null for jobs trained in the service
 * @param engineUi  that application's web UI, where it has one
 */
record Job(UUID id, String name, UUID datasetId, UUID searchId, JobStatus status, String spec, int maxIterations,
        int iteration, Double loss, Double validationLoss, Instant createdAt, Instant startedAt,
        Instant finishedAt, String errorCode, String errorMessage, boolean cancelRequested, int attempt,
        String owner, String engineApplication, String engineUi) {

    /** Runs begun after the first: each resumed the job where an earlier run left it. */
    int resumes() {
        return Math.max(0, attempt - 1);
    }
}
