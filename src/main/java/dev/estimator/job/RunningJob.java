package dev.estimator.job;

import java.util.UUID;

/**
 * A claimed job while this instance trains it, with the flags other threads raise and the trainer's
 * listener reads every iteration: cancel (a client asked), fenced (the heartbeat or a flush found the job
 * owned by a later attempt: write nothing more) and release (shutdown: checkpoint and hand it back).
 */
final class RunningJob {

    private final ClaimedJob claim;
    private volatile boolean cancelRequested;
    private volatile boolean fenced;
    private volatile boolean releaseRequested;

    RunningJob(ClaimedJob claim) {
        this.claim = claim;
        this.cancelRequested = claim.cancelRequested();
    }

    ClaimedJob claim() {
        return claim;
    }

    UUID id() {
        return claim.id();
    }

    int attempt() {
        return claim.attempt();
    }

    void requestCancel() {
        cancelRequested = true;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void fence() {
        fenced = true;
    }

    boolean fenced() {
        return fenced;
    }

    void requestRelease() {
        releaseRequested = true;
    }

    boolean releaseRequested() {
        return releaseRequested;
    }
}
