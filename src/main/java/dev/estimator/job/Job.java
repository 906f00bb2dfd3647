package dev.estimator.job;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of the {@code job} table, without the checkpoint.
 *
 * @param iteration iterations completed (and stored in the loss history)
 * @param spec      the defaults-filled spec as JSON
 * @param owner     who submitted it (or whose search did)
 */
record Job(UUID id, String name, UUID datasetId, UUID searchId, JobStatus status, String spec, int maxIterations,
        int iteration, Double loss, Double validationLoss, Instant createdAt, Instant startedAt,
        Instant finishedAt, String errorCode, String errorMessage, boolean cancelRequested, int attempt,
        String owner) {
}
