package dev.estimator.job;

import java.time.Instant;
import java.util.UUID;

/**
 * A job to queue.
 *
 * @param searchId       the search it belongs to, or null
 * @param spec           the defaults-filled spec as JSON
 * @param idempotencyKey the submitter's key, or null
 */
record NewJob(UUID id, String name, UUID datasetId, UUID searchId, String spec, int maxIterations, Instant createdAt,
        String idempotencyKey, String owner) {
}
