package dev.estimator.job;

import java.util.UUID;

/**
 * A job this instance has just claimed. {@code attempt} fences every later write: once another instance
 * claims the job again, writes guarded by the old attempt match no row.
 *
 * @param failures            earlier runs that ended without an outcome (internal error, lapsed lease) and
 *                            without progress: their checkpoint no further than when they were claimed
 * @param checkpoint          the trainer's state to resume from, or null to start afresh
 * @param checkpointIteration iterations the checkpoint had completed
 * @param resumeCause         why the previous run ended without an outcome ({@code lease-lapsed}, {@code released},
 *                            {@code failed}); null if this is the job's first run
 * @param searchId            the search the job belongs to, or null: told when the job ends, so that the search
 *                            moves on at once
 */
record ClaimedJob(UUID id, String name, int attempt, int failures, UUID datasetId, String spec, byte[] checkpoint,
        int checkpointIteration, boolean cancelRequested, String resumeCause, UUID searchId) {

    /** Whether an earlier run of the job began: this run resumes it. */
    boolean resumed() {
        return attempt > 1;
    }
}
