package dev.estimator.job;

import java.util.UUID;

/**
 * A job this instance has just claimed. {@code attempt} fences every later write: once another instance
 * claims the job again, writes guarded by the old attempt match no row.
 *
 * @param checkpoint          the trainer's state to resume from, or null to start afresh
 * @param checkpointIteration iterations the checkpoint had completed
 */
record ClaimedJob(UUID id, int attempt, UUID datasetId, String spec, byte[] checkpoint, int checkpointIteration,
        boolean cancelRequested) {
}
