package dev.estimator.job;

import java.util.UUID;

/**
 * A job this instance has just claimed. {@code attempt} fences every later write: once another instance
 * claims the job again, writes guarded by the old attempt match no row.
 *
 * @param failures            earlier runs that ended without an outcome (internal error, lapsed lease)
 * @param checkpoint          the trainer's state to resume from, or null to start afresh
 * @param checkpointIteration iterations the checkpoint had completed
 */
record ClaimedJob(UUID id, int attempt, int failures, UUID datasetId, String spec, byte[] checkpoint, int checkpointIteration,
        boolean cancelRequested) {
}
